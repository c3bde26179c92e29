package dev.cairn.issuance;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Building blocks shared by the CA hierarchy, the leaf issuer and the listener certificates:
 * serials, names, CA certificates and signing. Every certificate gets SKI and AKI (RFC 5280
 * §4.2.1.1, §4.2.1.2) and a random serial.
 */
final class Certificates {
    /** 128 random bits; the CA/B Baseline Requirements §7.1 ask for at least 64. */
    static final int SERIAL_BITS = 128;
    /** Random bits in a leaf certificate's serial, after its 32 bits of time. */
    static final int LEAF_SERIAL_RANDOM_BITS = 96;

    private Certificates() {}

    /** A positive serial of up to 128 random bits; fits RFC 5280 §4.1.2.2's 20-octet limit. */
    static BigInteger serial(SecureRandom random) {
        BigInteger serial;
        do {
            serial = new BigInteger(SERIAL_BITS, random);
        } while (serial.signum() == 0);
        return serial;
    }

    /**
     * A leaf certificate's serial: the second it was issued in (32 bits) followed by 96 random
     * bits (the CA/B Baseline Requirements §7.1 ask for at least 64), positive and at most 16
     * octets (RFC 5280 §4.1.2.2 allows 20). The time in front is for the database: the serial is
     * the stored certificates' key, and keys that grow with time are inserted next to each other
     * in its index, not on a random page of it (as {@code authority.Ids} explains for identifiers).
     */
    static BigInteger leafSerial(Instant issued, SecureRandom random) {
        BigInteger seconds = BigInteger.valueOf(issued.getEpochSecond() & 0xFFFF_FFFFL);
        BigInteger serial;
        do {
            serial = seconds.shiftLeft(LEAF_SERIAL_RANDOM_BITS).or(new BigInteger(LEAF_SERIAL_RANDOM_BITS, random));
        } while (serial.signum() == 0);
        return serial;
    }

    static String randomSuffix(SecureRandom random) {
        byte[] bytes = new byte[3];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static X500Name commonName(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }

    static X500Name subjectOf(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    /**
     * A self-signed CA certificate. {@code pathLength} null means unlimited (a root that signs
     * intermediates); 0 means it may sign only leaves.
     */
    static X509Certificate selfSignedCa(
            X500Name subject,
            PublicKey publicKey,
            PrivateKey privateKey,
            Integer pathLength,
            Instant notBefore,
            Duration validity,
            SecureRandom random) {
        X509v3CertificateBuilder builder =
                builder(subject, serial(random), notBefore, notBefore.plus(validity), subject, publicKey);
        addCaExtensions(builder, publicKey, publicKey, pathLength);
        return sign(builder, privateKey, random);
    }

    /** An intermediate: {@code subject}'s key certified by {@code issuer}, leaves only (pathLen 0). */
    static X509Certificate intermediate(
            X500Name subject,
            PublicKey publicKey,
            X509Certificate issuer,
            PrivateKey issuerKey,
            Instant notBefore,
            Duration validity,
            SecureRandom random) {
        return intermediate(subject, publicKey, issuer, issuerKey, notBefore, validity, 0, random);
    }

    /** {@code pathLength}: how many more CA certificates may follow this one in a chain (RFC 5280 §4.2.1.9). */
    static X509Certificate intermediate(
            X500Name subject,
            PublicKey publicKey,
            X509Certificate issuer,
            PrivateKey issuerKey,
            Instant notBefore,
            Duration validity,
            int pathLength,
            SecureRandom random) {
        X509v3CertificateBuilder builder =
                builder(subjectOf(issuer), serial(random), notBefore, notBefore.plus(validity), subject, publicKey);
        addCaExtensions(builder, publicKey, issuer.getPublicKey(), pathLength);
        return sign(builder, issuerKey, random);
    }

    static X509v3CertificateBuilder builder(
            X500Name issuer,
            BigInteger serial,
            Instant notBefore,
            Instant notAfter,
            X500Name subject,
            PublicKey publicKey) {
        return new JcaX509v3CertificateBuilder(issuer, serial, time(notBefore), time(notAfter), subject, publicKey);
    }

    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * The X.509 form of an instant (RFC 5280 §4.1.2.5): UTCTime through 2049, GeneralizedTime
     * from 2050, whole seconds. Built as DER directly: BouncyCastle's {@code Time(Date)} formats
     * and then re-parses the string with a new {@code SimpleDateFormat} each time.
     */
    static Time time(Instant instant) {
        Instant seconds = seconds(instant);
        int year = seconds.atOffset(ZoneOffset.UTC).getYear();
        boolean utc = year >= 1950 && year < 2050;
        byte[] text = (utc ? UTC_TIME : GENERALIZED_TIME).format(seconds).getBytes(StandardCharsets.US_ASCII);
        byte[] der = new byte[text.length + 2];
        der[0] = (byte) (utc ? BERTags.UTC_TIME : BERTags.GENERALIZED_TIME);
        der[1] = (byte) text.length;
        System.arraycopy(text, 0, der, 2, text.length);
        return Time.getInstance(utc ? ASN1UTCTime.getInstance(der) : ASN1GeneralizedTime.getInstance(der));
    }

    private static void addCaExtensions(
            X509v3CertificateBuilder builder, PublicKey subjectKey, PublicKey issuerKey, Integer pathLength) {
        // RFC 5280 §4.2.1.9 and §4.2.1.3: both critical in a CA certificate.
        BasicConstraints constraints =
                pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength);
        add(builder, Extension.basicConstraints, true, constraints);
        add(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        addKeyIdentifiers(builder, subjectKey, issuerKey);
    }

    static void addKeyIdentifiers(X509v3CertificateBuilder builder, PublicKey subjectKey, PublicKey issuerKey) {
        addKeyIdentifiers(builder, Keys.keyIdentifier(subjectKey), Keys.keyIdentifier(issuerKey));
    }

    static void addKeyIdentifiers(X509v3CertificateBuilder builder, byte[] subjectKeyId, byte[] issuerKeyId) {
        add(builder, Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(subjectKeyId));
        add(builder, Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuerKeyId));
    }

    static void add(X509v3CertificateBuilder builder, ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            builder.addExtension(oid, critical, value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode extension " + oid, e);
        }
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey, SecureRandom random) {
        try {
            return Pem.toX509(signedDer(builder, issuerKey, random));
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode the signed certificate", e);
        }
    }

    /** The signed certificate's DER, for a caller that does not need it parsed back. */
    static byte[] signedDer(X509v3CertificateBuilder builder, PrivateKey issuerKey, SecureRandom random) {
        try {
            return builder.build(Keys.signer(issuerKey, random)).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the signed certificate", e);
        }
    }

    /** X.509 times have whole seconds (RFC 5280 §4.1.2.5); drop the rest so callers see what is signed. */
    static Instant seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    static Date date(Instant instant) {
        return Date.from(seconds(instant));
    }
}
