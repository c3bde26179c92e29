package dev.cairn.challtestsrv;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed tls-alpn-01 validation certificate of RFC 8737 §3: one subjectAltName (a
 * dNSName, or for an RFC 8738 reverse name {@code *.in-addr.arpa} / {@code *.ip6.arpa} the
 * iPAddress), and the critical id-pe-acmeIdentifier extension holding the DER OCTET STRING of
 * SHA-256(keyAuthorization). {@code pebble-challtestsrv}'s has an empty subject and issuer;
 * RFC 5280 §4.1.2.4 wants a non-empty issuer (BouncyCastle insists), so this one is named
 * {@code CN=cairn challtestsrv}; the SAN stays critical as Pebble's. Signed with the JDK's
 * providers; BouncyCastle only encodes.
 */
public final class TlsAlpn01Certificate {
    /** id-pe-acmeIdentifier, RFC 8737 §6.1. */
    public static final String ACME_IDENTIFIER_OID = "1.3.6.1.5.5.7.1.31";

    private TlsAlpn01Certificate() {}

    public static X509Certificate create(String host, String keyAuthorization, KeyPair key, Instant now) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(keyAuthorization.getBytes(StandardCharsets.UTF_8));
            X500Name name = new X500Name("CN=cairn challtestsrv");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.valueOf(1729),
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(7))),
                    name,
                    key.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(subjectAltName(host)));
            builder.addExtension(new ASN1ObjectIdentifier(ACME_IDENTIFIER_OID), true, new DEROctetString(digest));
            String algorithm = "EC".equals(key.getPrivate().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(key.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot build the tls-alpn-01 certificate for " + host, e);
        }
    }

    private static GeneralName subjectAltName(String host) {
        InetAddress ip = reverseNameAddress(host);
        if (ip != null) {
            return new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.getAddress()));
        }
        return new GeneralName(GeneralName.dNSName, host);
    }

    /** The address of a full RFC 8738 §6 reverse name, or null for any other name. */
    static InetAddress reverseNameAddress(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        String[] labels = h.split("\\.");
        try {
            if (h.endsWith(".in-addr.arpa") && labels.length == 6) {
                byte[] b = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(labels[3 - i]);
                    if (v < 0 || v > 255) {
                        return null;
                    }
                    b[i] = (byte) v;
                }
                return InetAddress.getByAddress(b);
            }
            if (h.endsWith(".ip6.arpa") && labels.length == 34) {
                StringBuilder hex = new StringBuilder();
                for (int i = 31; i >= 0; i--) {
                    hex.append(labels[i]);
                }
                return InetAddress.getByAddress(HexFormat.of().parseHex(hex));
            }
        } catch (NumberFormatException | UnknownHostException e) {
            return null;
        }
        return null;
    }
}
