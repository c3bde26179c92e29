package dev.cairn.issuance;

import static dev.cairn.issuance.Fixtures.CLOCK;
import static dev.cairn.issuance.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerCertificatesTest {
    @TempDir
    Path tmp;

    @Test
    void selfIssuedKeyStoreServesTlsThatVerifiesAgainstTheTrustAnchorForLocalhost() throws Exception {
        ListenerCertificates certificates =
                ListenerCertificates.selfIssued(null, List.of(), CLOCK, Fixtures.seededRandom(30));

        assertThat(handshake(certificates, "localhost")).isEqualTo("hello");
    }

    @Test
    void selfIssuedLeafNamesLocalhostLoopbacksAndTheGivenNames() throws Exception {
        ListenerCertificates certificates = ListenerCertificates.selfIssued(
                null, List.of("acme.test", "192.0.2.10", "2001:db8::10"), CLOCK, Fixtures.seededRandom(31));
        X509Certificate leaf = (X509Certificate) certificates.keyStore().getCertificate(ListenerCertificates.ALIAS);

        assertThat(leaf.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(
                        List.of(2, "localhost"),
                        List.of(7, "127.0.0.1"),
                        List.of(7, "0:0:0:0:0:0:0:1"),
                        List.of(2, "acme.test"),
                        List.of(7, "192.0.2.10"),
                        List.of(7, "2001:db8:0:0:0:0:0:10"));
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        Fixtures.validate(List.of(leaf), certificates.trustAnchor(), NOW);
        assertThat(certificates.trustAnchor().getSubjectX500Principal().getName())
                .startsWith("CN=Cairn TLS root ");
    }

    @Test
    void selfIssuedWithADirectoryReusesTheTlsRootAndKeepsItsKeyPrivate() throws Exception {
        Path dir = tmp.resolve("tls");
        ListenerCertificates first = ListenerCertificates.selfIssued(dir, List.of(), CLOCK, Fixtures.seededRandom(32));
        ListenerCertificates second = ListenerCertificates.selfIssued(dir, List.of(), CLOCK, Fixtures.seededRandom(33));

        assertThat(second.trustAnchor()).isEqualTo(first.trustAnchor());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls-root.key.pem"))))
                .isEqualTo("rw-------");
        assertThat(handshake(second, "localhost")).isEqualTo("hello");
    }

    @Test
    void writeTrustAnchorWritesOnePemCertificate() throws Exception {
        ListenerCertificates certificates =
                ListenerCertificates.selfIssued(null, List.of(), CLOCK, Fixtures.seededRandom(34));
        Path file = tmp.resolve("out/tls-root.pem");

        certificates.writeTrustAnchor(file);

        assertThat(Pem.parseCertificates(Files.readString(file))).containsExactly(certificates.trustAnchor());
    }

    @Test
    void fromPemRoundTripsASelfIssuedChainAndPkcs8Key() throws Exception {
        ListenerCertificates original =
                ListenerCertificates.selfIssued(null, List.of(), CLOCK, Fixtures.seededRandom(35));
        Path chain = tmp.resolve("chain.pem");
        Path key = tmp.resolve("key.pem");
        Files.writeString(
                chain,
                Pem.encode(List.of(
                        (X509Certificate) original.keyStore().getCertificateChain(ListenerCertificates.ALIAS)[0],
                        original.trustAnchor())));
        Files.writeString(key, Pem.encode((java.security.PrivateKey)
                original.keyStore().getKey(ListenerCertificates.ALIAS, original.keyStorePassword())));

        ListenerCertificates loaded = ListenerCertificates.fromPem(chain, key);

        assertThat(loaded.trustAnchor()).isEqualTo(original.trustAnchor());
        assertThat(handshake(loaded, "localhost")).isEqualTo("hello");
    }

    @Test
    void fromPemAcceptsOpenSslEcPrivateKey() throws Exception {
        KeyPair pair = Fixtures.ecKey("secp256r1");
        Path chain = selfSignedChain(pair);
        java.math.BigInteger d = ((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS();
        byte[] sec1 = new ECPrivateKey(256, d, new X962Parameters(SECObjectIdentifiers.secp256r1)).getEncoded();
        Path key = Files.writeString(
                tmp.resolve("ec.key"),
                "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                        + Pem.block("EC PRIVATE KEY", sec1));

        assertThat(ListenerCertificates.fromPem(chain, key).keyStore().isKeyEntry(ListenerCertificates.ALIAS))
                .isTrue();
    }

    @Test
    void fromPemAcceptsOpenSslRsaPrivateKey() throws Exception {
        KeyPair pair = Fixtures.rsaKey(2048);
        Path chain = selfSignedChain(pair);
        byte[] pkcs1 = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded())
                .parsePrivateKey()
                .toASN1Primitive()
                .getEncoded();
        Path key = Files.writeString(tmp.resolve("rsa.key"), Pem.block("RSA PRIVATE KEY", pkcs1));

        assertThat(ListenerCertificates.fromPem(chain, key).trustAnchor().getPublicKey())
                .isEqualTo(pair.getPublic());
    }

    @Test
    void fromPemRejectsAKeyThatDoesNotMatchTheCertificate() throws Exception {
        Path chain = selfSignedChain(Fixtures.ecKey("secp256r1"));
        Path key = Files.writeString(
                tmp.resolve("other.key"), Pem.encode(Fixtures.ecKey("secp256r1").getPrivate()));

        assertThatThrownBy(() -> ListenerCertificates.fromPem(chain, key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match");
    }

    @Test
    void fromPemNamesAFileThatCannotBeRead() {
        Path missing = tmp.resolve("missing.pem");

        assertThatThrownBy(() -> ListenerCertificates.fromPem(missing, missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing.pem");
    }

    @Test
    void fromPemExplainsAKeyFileWithoutAKey() throws Exception {
        Path chain = selfSignedChain(Fixtures.ecKey("secp256r1"));

        assertThatThrownBy(() -> ListenerCertificates.fromPem(chain, chain))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BEGIN PRIVATE KEY");
    }

    private Path selfSignedChain(KeyPair pair) throws Exception {
        X509Certificate certificate = Certificates.selfSignedCa(
                Certificates.commonName("localhost"),
                pair.getPublic(),
                pair.getPrivate(),
                0,
                NOW,
                java.time.Duration.ofDays(1),
                Fixtures.seededRandom(36));
        return Files.writeString(Files.createTempFile(tmp, "chain", ".pem"), Pem.encode(certificate));
    }

    /** A real TLS 1.3 handshake on loopback, with hostname verification as an HTTPS client does it. */
    private static String handshake(ListenerCertificates certificates, String hostName) throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(certificates.keyStore(), certificates.keyStorePassword());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", certificates.trustAnchor());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trustManagers.getTrustManagers(), null);

        try (SSLServerSocket listener = (SSLServerSocket)
                server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(10_000);
                    accepted.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                    accepted.getOutputStream().flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 10_000);
            plain.setSoTimeout(10_000);
            String received;
            try (SSLSocket socket = (SSLSocket)
                    client.getSocketFactory().createSocket(plain, hostName, listener.getLocalPort(), true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setServerNames(List.of(new SNIHostName(hostName)));
                socket.setSSLParameters(parameters);
                received = new String(socket.getInputStream().readNBytes(5), StandardCharsets.US_ASCII);
            }
            // The server's close waits for the client's close_notify (TLS 1.3), so join after closing.
            served.get(10, TimeUnit.SECONDS);
            return received;
        }
    }
}
