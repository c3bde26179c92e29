package dev.cairn.authority;

import dev.cairn.protocol.AcmeProblem;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * The RFC 9773 §4.1 certificate identifier: {@code base64url(AKI keyIdentifier) "."
 * base64url(serial)}, where the serial is the DER INTEGER's content octets (a leading 0x00 when
 * the high bit is set), both unpadded. Parsing is strict and accepts only the one canonical
 * spelling of each certificate, so the string itself can be stored and compared (the
 * "replaced once" index relies on that). {@code serialHex} is the serial in the form {@link
 * CertificateRecord#serial()} uses.
 */
public record CertificateId(String wire, String keyIdentifier, String serialHex) {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    public static CertificateId parse(String certId) {
        int dot = certId.indexOf('.');
        if (dot <= 0 || dot == certId.length() - 1 || certId.indexOf('.', dot + 1) >= 0) {
            throw malformed(certId, "it must be two unpadded base64url parts joined by one \".\"");
        }
        byte[] aki = decode(certId, certId.substring(0, dot));
        byte[] serial = decode(certId, certId.substring(dot + 1));
        BigInteger value = new BigInteger(serial);
        if (value.signum() <= 0 || !Arrays.equals(value.toByteArray(), serial)) {
            throw malformed(certId, "the serial must be the minimal DER encoding of a positive integer");
        }
        return new CertificateId(certId, ENCODER.encodeToString(aki), value.toString(16));
    }

    /** The identifier of an issued certificate, from its DER encoding. */
    public static CertificateId of(byte[] leafDer) {
        Certificate cert = Certificate.getInstance(leafDer);
        AuthorityKeyIdentifier aki =
                AuthorityKeyIdentifier.fromExtensions(cert.getTBSCertificate().getExtensions());
        if (aki == null || aki.getKeyIdentifierOctets() == null) {
            throw new IllegalArgumentException("certificate has no authority key identifier");
        }
        BigInteger serial = cert.getSerialNumber().getValue();
        String keyIdentifier = ENCODER.encodeToString(aki.getKeyIdentifierOctets());
        return new CertificateId(
                keyIdentifier + "." + ENCODER.encodeToString(serial.toByteArray()), keyIdentifier, serial.toString(16));
    }

    private static byte[] decode(String certId, String part) {
        if (!part.chars()
                .allMatch(c ->
                        c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
            throw malformed(certId, "only unpadded base64url characters are allowed");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw malformed(certId, "\"" + part + "\" is not base64url");
        }
        if (!ENCODER.encodeToString(bytes).equals(part)) {
            throw malformed(certId, "\"" + part + "\" is not canonical base64url");
        }
        return bytes;
    }

    private static AcmeProblem malformed(String certId, String why) {
        return AcmeProblem.malformed("\"" + certId + "\" is not an RFC 9773 certificate identifier: " + why);
    }

    @Override
    public String toString() {
        return wire;
    }
}
