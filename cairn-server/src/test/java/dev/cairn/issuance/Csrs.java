package dev.cairn.issuance;

import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Builds test CSRs with the JDK's signers, the way ACME clients do. */
final class Csrs {
    private Csrs() {}

    static Builder csr(KeyPair key) {
        return new Builder(key);
    }

    static final class Builder {
        private final KeyPair key;
        private String commonName;
        private final List<GeneralName> sans = new ArrayList<>();
        private String signatureAlgorithm;
        private boolean mustStaple;

        private Builder(KeyPair key) {
            this.key = key;
            this.signatureAlgorithm =
                    "RSA".equals(key.getPublic().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
        }

        Builder cn(String name) {
            commonName = name;
            return this;
        }

        Builder dns(String... names) {
            for (String name : names) {
                sans.add(new GeneralName(GeneralName.dNSName, name));
            }
            return this;
        }

        Builder ip(String address) throws IOException {
            sans.add(new GeneralName(
                    GeneralName.iPAddress,
                    new DEROctetString(InetAddress.getByName(address).getAddress())));
            return this;
        }

        Builder signedWith(String algorithm) {
            signatureAlgorithm = algorithm;
            return this;
        }

        /** RFC 7633 TLS Feature status_request, what certbot's --must-staple sends. */
        Builder mustStaple() {
            mustStaple = true;
            return this;
        }

        byte[] der() throws Exception {
            X500Name subject = commonName == null
                    ? new X500Name(new org.bouncycastle.asn1.x500.RDN[0])
                    : Certificates.commonName(commonName);
            var builder = new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic());
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            if (!sans.isEmpty()) {
                extensions.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            if (mustStaple) {
                extensions.addExtension(
                        new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.5.5.7.1.24"),
                        false,
                        new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Integer(5)));
            }
            if (!extensions.isEmpty()) {
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            return builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(key.getPrivate()))
                    .getEncoded();
        }
    }
}
