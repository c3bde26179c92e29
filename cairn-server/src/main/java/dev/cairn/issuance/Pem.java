package dev.cairn.issuance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * PEM (RFC 7468) for certificates and private keys. Output uses 64-character lines, LF line
 * ends and no text outside the blocks, so concatenated blocks form an RFC 8555 §9.1
 * {@code application/pem-certificate-chain} (with erratum 5983: no blank lines between blocks).
 *
 * <p>Private keys are written as unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}); reading also
 * accepts the OpenSSL forms {@code BEGIN EC PRIVATE KEY} (SEC 1) and {@code BEGIN RSA PRIVATE
 * KEY} (PKCS#1). Encrypted keys are refused with a message saying so.
 */
public final class Pem {
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private Pem() {}

    public static String encode(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** The certificates in order, each block directly after the previous one. */
    public static String encode(List<X509Certificate> chain) {
        StringBuilder pem = new StringBuilder();
        chain.forEach(certificate -> pem.append(encode(certificate)));
        return pem.toString();
    }

    /** An unencrypted PKCS#8 {@code PRIVATE KEY} block. */
    public static String encode(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat()) || key.getEncoded() == null) {
            throw new IllegalArgumentException(
                    "private key of type " + key.getAlgorithm() + " cannot be exported as PKCS#8 (format "
                            + key.getFormat() + "); keys held in a token cannot be written to PEM");
        }
        return block("PRIVATE KEY", key.getEncoded());
    }

    public static String block(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    /** Every {@code CERTIFICATE} block in the text, in order; other blocks are skipped. */
    public static List<X509Certificate> parseCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    certificates.add(toX509(holder.getEncoded()));
                }
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("cannot parse PEM certificates: " + e.getMessage(), e);
        }
        return certificates;
    }

    /** The first private key in the text (PKCS#8, SEC 1 EC or PKCS#1 RSA). */
    public static PrivateKey parsePrivateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                PrivateKeyInfo info = privateKeyInfo(item);
                if (info != null) {
                    return Keys.privateKey(info);
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot parse the PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no private key found; expected a 'BEGIN PRIVATE KEY', "
                + "'BEGIN EC PRIVATE KEY' or 'BEGIN RSA PRIVATE KEY' block (unencrypted)");
    }

    private static PrivateKeyInfo privateKeyInfo(Object item) {
        if (item instanceof PrivateKeyInfo info) {
            return info;
        }
        if (item instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        }
        if (item.getClass().getSimpleName().contains("Encrypted")) {
            throw new IllegalArgumentException("the private key is encrypted; decrypt it first, for example "
                    + "with 'openssl pkcs8 -topk8 -nocrypt'");
        }
        return null;
    }

    static X509Certificate toX509(byte[] der) throws CertificateException {
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    static byte[] bytes(String pem) {
        return pem.getBytes(StandardCharsets.US_ASCII);
    }
}
