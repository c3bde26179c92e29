package dev.cairn.validation;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A tls-alpn-01 responder on loopback: a JDK {@link SSLServerSocket} serving one
 * BouncyCastle-built certificate, recording the SNI and the ALPN list each client sent.
 */
final class AcmeTlsResponder implements AutoCloseable {
    /** What goes into the certificate. */
    record CertSpec(List<GeneralName> sans, String extensionOid, boolean critical, byte[] extensionContent) {
        static CertSpec valid(String domain, String keyAuthorization) {
            return new CertSpec(
                    List.of(new GeneralName(GeneralName.dNSName, domain)),
                    TlsAlpn01Validator.ID_PE_ACME_IDENTIFIER,
                    true,
                    Dns01Validator.sha256(keyAuthorization));
        }

        CertSpec withSans(GeneralName... names) {
            return new CertSpec(List.of(names), extensionOid, critical, extensionContent);
        }

        CertSpec withExtension(String oid, boolean isCritical, byte[] content) {
            return new CertSpec(sans, oid, isCritical, content);
        }
    }

    private static final Instant NOT_BEFORE = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2124-01-01T00:00:00Z");

    final List<String> sniSeen = new CopyOnWriteArrayList<>();
    final List<List<String>> alpnOffered = new CopyOnWriteArrayList<>();
    private final SSLServerSocket server;
    private final Function<List<String>, String> alpnChoice;

    /** {@code alpnChoice} maps the client's ALPN list to the answer ("" = no ALPN, null = fatal alert). */
    AcmeTlsResponder(CertSpec spec, Function<List<String>, String> alpnChoice) throws Exception {
        this.alpnChoice = alpnChoice;
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore(spec), new char[0]);
        context.init(kmf.getKeyManagers(), null, null);
        server = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(this::serve, "acme-tls-responder");
        t.setDaemon(true);
        t.start();
    }

    AcmeTlsResponder(CertSpec spec) throws Exception {
        this(spec, offered -> offered.contains(TlsAlpn01Validator.ACME_TLS_1) ? TlsAlpn01Validator.ACME_TLS_1 : null);
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                SSLParameters params = s.getSSLParameters();
                params.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        sniSeen.add(new String(name.getEncoded(), java.nio.charset.StandardCharsets.US_ASCII));
                        return true;
                    }
                }));
                s.setSSLParameters(params);
                s.setHandshakeApplicationProtocolSelector((socket, offered) -> {
                    alpnOffered.add(List.copyOf(offered));
                    return alpnChoice.apply(offered);
                });
                s.setSoTimeout(5000);
                s.startHandshake();
                s.getInputStream().read();
            } catch (IOException e) {
                // the validator hangs up after the handshake, or the handshake is meant to fail
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    static KeyStore keyStore(CertSpec spec) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = gen.generateKeyPair();
        X500Name subject = new X500Name("CN=acme-tls-alpn-01 responder");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject, BigInteger.ONE, Date.from(NOT_BEFORE), Date.from(NOT_AFTER), subject, key.getPublic());
        if (!spec.sans().isEmpty()) {
            builder.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(spec.sans().toArray(GeneralName[]::new)));
        }
        if (spec.extensionOid() != null) {
            builder.addExtension(
                    new ASN1ObjectIdentifier(spec.extensionOid()),
                    spec.critical(),
                    new DEROctetString(spec.extensionContent()));
        }
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        List<Certificate> chain = new ArrayList<>(List.of(cert));
        ks.setKeyEntry("responder", key.getPrivate(), new char[0], chain.toArray(Certificate[]::new));
        return ks;
    }
}
