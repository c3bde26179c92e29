package dev.cairn.validation;

import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.ProblemType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.xbill.DNS.ReverseMap;

/**
 * tls-alpn-01 (RFC 8737; RFC 8738 §6 for IP identifiers).
 *
 * <p>Design note. The VA connects to each resolved address on the tls-alpn-01 port in turn
 * until one accepts, then makes one TLS 1.2+ handshake whose ClientHello offers exactly one
 * ALPN protocol, {@code acme-tls/1}, and carries SNI = the domain (for an IP, its reverse
 * name such as {@code 4.3.2.1.in-addr.arpa}). Any certificate is accepted during the
 * handshake (RFC 8737 §3: its signature and chain are not what proves control); afterwards
 * the certificate must have exactly one subjectAltName, naming the identifier, and a
 * critical id-pe-acmeIdentifier extension (1.3.6.1.5.5.7.1.31) whose value is a DER OCTET
 * STRING holding SHA-256(keyAuthorization). The draft OID 1.3.6.1.5.5.7.1.30.1 is refused, as
 * Pebble and Boulder have done since 2019. The connection is closed straight after.
 *
 * <p>Problem types: resolution {@code dns}, connect {@code connection}, handshake and ALPN
 * {@code tls}, a certificate for the wrong name or without the extension {@code
 * unauthorized}, a wrong digest {@code incorrectResponse}.
 */
public final class TlsAlpn01Validator implements ChallengeValidator {
    public static final String ACME_TLS_1 = "acme-tls/1";
    public static final String ID_PE_ACME_IDENTIFIER = "1.3.6.1.5.5.7.1.31";
    static final String OBSOLETE_ACME_IDENTIFIER = "1.3.6.1.5.5.7.1.30.1";
    private static final int SAN_DNS_NAME = 2;
    private static final int SAN_IP_ADDRESS = 7;

    private final ValidationConfig config;
    private final AddressResolution addresses;
    private final SSLSocketFactory tls;

    public TlsAlpn01Validator(ValidationConfig config, DnsClient dns) {
        this.config = config;
        this.addresses = new AddressResolution(dns, config.blockPrivateAddresses());
        this.tls = trustingEverything();
    }

    @Override
    public ChallengeType type() {
        return ChallengeType.TLS_ALPN_01;
    }

    @Override
    public ValidationOutcome validate(ValidationRequest request) {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        try {
            Identifier id = request.identifier();
            Target target = target(id);
            X509Certificate cert = handshake(target, deadline);
            checkSubjectAltName(cert, id, target);
            checkAcmeIdentifier(cert, request.keyAuthorization());
            return ValidationOutcome.success();
        } catch (ValidationFailure f) {
            return f.toOutcome();
        }
    }

    /** Where to connect and what to put in SNI. */
    private record Target(String host, String sni, InetAddress ip) {}

    private Target target(Identifier id) throws ValidationFailure {
        if (Identifier.DNS.equals(id.type())) {
            return new Target(id.value(), id.value(), null);
        }
        if (Identifier.IP.equals(id.type())) {
            InetAddress ip = AddressPolicy.parseLiteral(id.value())
                    .orElseThrow(() ->
                            new ValidationFailure(ProblemType.MALFORMED, "'" + id.value() + "' is not an IP address"));
            // RFC 8738 §6: SNI carries the reverse-mapping name, not the literal
            return new Target(ip.getHostAddress(), DnsClient.display(ReverseMap.fromAddress(ip)), ip);
        }
        throw new ValidationFailure(ProblemType.MALFORMED, "tls-alpn-01 cannot validate identifier type " + id.type());
    }

    private X509Certificate handshake(Target target, long deadline) throws ValidationFailure {
        Socket plain = connect(target, deadline);
        String where = plain.getInetAddress().getHostAddress() + " port " + config.tlsAlpn01Port() + " (SNI "
                + target.sni() + ")";
        try (SSLSocket socket = (SSLSocket) tls.createSocket(plain, target.sni(), config.tlsAlpn01Port(), true)) {
            SSLParameters params = socket.getSSLParameters();
            params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            params.setServerNames(List.of(new SNIHostName(target.sni())));
            params.setApplicationProtocols(new String[] {ACME_TLS_1});
            socket.setSSLParameters(params);
            socket.setSoTimeout((int) Math.max(1, remainingMillis(deadline)));
            socket.startHandshake();
            String negotiated = socket.getApplicationProtocol();
            if (!ACME_TLS_1.equals(negotiated)) {
                throw new ValidationFailure(
                        ProblemType.TLS,
                        where + " did not negotiate the ALPN protocol " + ACME_TLS_1
                                + (negotiated == null || negotiated.isEmpty()
                                        ? " (it negotiated none)"
                                        : " (it negotiated \"" + negotiated + "\")"));
            }
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        } catch (ValidationFailure f) {
            throw f;
        } catch (SocketTimeoutException e) {
            throw new ValidationFailure(
                    ProblemType.CONNECTION,
                    "the TLS handshake with " + where + " did not finish within "
                            + config.timeout().toMillis() + " ms");
        } catch (SSLException e) {
            throw new ValidationFailure(
                    ProblemType.TLS, "the TLS handshake with " + where + " failed: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ValidationFailure(
                    ProblemType.MALFORMED, "cannot send SNI " + target.sni() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new ValidationFailure(
                    ProblemType.CONNECTION, "the connection to " + where + " failed: " + e.getMessage());
        }
    }

    /** Tries each address in turn until one accepts. */
    private Socket connect(Target target, long deadline) throws ValidationFailure {
        List<String> failures = new ArrayList<>();
        for (InetAddress address : addresses.resolve(target.host())) {
            long remaining = remainingMillis(deadline);
            if (remaining <= 0) {
                break;
            }
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(address, config.tlsAlpn01Port()), (int) remaining);
                return s;
            } catch (IOException e) {
                failures.add(address.getHostAddress() + ": " + e.getMessage());
                closeQuietly(s);
            }
        }
        throw new ValidationFailure(
                ProblemType.CONNECTION,
                "could not connect to " + target.host() + " on port " + config.tlsAlpn01Port()
                        + (failures.isEmpty()
                                ? " within " + config.timeout().toMillis() + " ms"
                                : ": " + String.join("; ", failures)));
    }

    /** RFC 8737 §3 / RFC 8738 §6: exactly one subjectAltName, naming the identifier. */
    private static void checkSubjectAltName(X509Certificate cert, Identifier id, Target target)
            throws ValidationFailure {
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new ValidationFailure(
                    ProblemType.UNAUTHORIZED, "the certificate's subjectAltName cannot be parsed: " + e.getMessage());
        }
        String wanted = (target.ip() == null ? "one dNSName " : "one iPAddress ") + id.value();
        if (sans == null || sans.size() != 1) {
            throw new ValidationFailure(
                    ProblemType.UNAUTHORIZED,
                    "the certificate has "
                            + (sans == null ? "no subjectAltName" : sans.size() + " subjectAltNames " + describe(sans))
                            + "; expected exactly " + wanted);
        }
        List<?> san = sans.iterator().next();
        int kind = (Integer) san.get(0);
        String value = String.valueOf(san.get(1));
        boolean matches = target.ip() == null
                ? kind == SAN_DNS_NAME && value.equalsIgnoreCase(id.value())
                : kind == SAN_IP_ADDRESS
                        && AddressPolicy.parseLiteral(value)
                                .map(target.ip()::equals)
                                .orElse(false);
        if (!matches) {
            throw new ValidationFailure(
                    ProblemType.UNAUTHORIZED,
                    "the certificate's subjectAltName is " + describe(sans) + "; expected exactly " + wanted);
        }
    }

    /** RFC 8737 §3: a critical id-pe-acmeIdentifier extension holding SHA-256(keyAuthorization). */
    private static void checkAcmeIdentifier(X509Certificate cert, String keyAuthorization) throws ValidationFailure {
        if (cert.getExtensionValue(OBSOLETE_ACME_IDENTIFIER) != null) {
            throw new ValidationFailure(
                    ProblemType.UNAUTHORIZED,
                    "the certificate uses the obsolete draft extension " + OBSOLETE_ACME_IDENTIFIER
                            + "; RFC 8737 requires id-pe-acmeIdentifier " + ID_PE_ACME_IDENTIFIER);
        }
        byte[] extension = cert.getExtensionValue(ID_PE_ACME_IDENTIFIER);
        if (extension == null) {
            throw new ValidationFailure(
                    ProblemType.UNAUTHORIZED,
                    "the certificate has no id-pe-acmeIdentifier extension (" + ID_PE_ACME_IDENTIFIER + ")");
        }
        if (cert.getCriticalExtensionOIDs() == null
                || !cert.getCriticalExtensionOIDs().contains(ID_PE_ACME_IDENTIFIER)) {
            throw new ValidationFailure(
                    ProblemType.UNAUTHORIZED,
                    "the certificate's id-pe-acmeIdentifier extension is not marked critical (RFC 8737 §3)");
        }
        byte[] digest = octetString(extension);
        byte[] expected = Dns01Validator.sha256(keyAuthorization);
        if (!MessageDigest.isEqual(digest, expected)) {
            throw new ValidationFailure(
                    ProblemType.INCORRECT_RESPONSE,
                    "the id-pe-acmeIdentifier extension holds "
                            + HexFormat.of().formatHex(digest) + "; expected SHA-256 of the key authorization, "
                            + HexFormat.of().formatHex(expected));
        }
    }

    /** getExtensionValue gives the extnValue OCTET STRING; inside it must be one DER OCTET STRING. */
    private static byte[] octetString(byte[] extnValue) throws ValidationFailure {
        try {
            byte[] inner = ASN1OctetString.getInstance(extnValue).getOctets();
            byte[] value = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(inner))
                    .getOctets();
            if (!Arrays.equals(new DEROctetString(value).getEncoded(), inner)) {
                throw new IOException("not DER");
            }
            return value;
        } catch (IOException | IllegalArgumentException e) {
            throw new ValidationFailure(
                    ProblemType.INCORRECT_RESPONSE,
                    "the id-pe-acmeIdentifier extension is not a DER OCTET STRING: "
                            + HexFormat.of().formatHex(extnValue));
        }
    }

    private static String describe(Collection<List<?>> sans) {
        List<String> out = new ArrayList<>();
        for (List<?> san : sans) {
            int kind = (Integer) san.get(0);
            String label =
                    kind == SAN_DNS_NAME ? "dNSName " : kind == SAN_IP_ADDRESS ? "iPAddress " : "type " + kind + " ";
            out.add(label + san.get(1));
        }
        return "[" + String.join(", ", out) + "]";
    }

    private static long remainingMillis(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing was sent on it
        }
    }

    private static SSLSocketFactory trustingEverything() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustingEverything()}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS", e);
        }
    }

    /** RFC 8737 §3: the certificate proves control by its content, not by its issuer. */
    private static final class TrustingEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
