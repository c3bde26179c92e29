package dev.cairn.issuance;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/** Reads extension values in tests. */
final class Extensions {
    private Extensions() {}

    static byte[] subjectKeyId(X509Certificate certificate) {
        byte[] value = ASN1OctetString.getInstance(certificate.getExtensionValue("2.5.29.14"))
                .getOctets();
        return SubjectKeyIdentifier.getInstance(value).getKeyIdentifier();
    }

    static byte[] authorityKeyId(X509Certificate certificate) {
        byte[] value = ASN1OctetString.getInstance(certificate.getExtensionValue("2.5.29.35"))
                .getOctets();
        return AuthorityKeyIdentifier.getInstance(value).getKeyIdentifierOctets();
    }
}
