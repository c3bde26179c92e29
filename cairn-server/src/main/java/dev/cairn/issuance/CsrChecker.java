package dev.cairn.issuance;

import dev.cairn.crypto.CryptoBackend;
import dev.cairn.policy.KeyPolicy;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.ProblemType;
import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Checks a finalize CSR (RFC 8555 §7.4) and returns the key to certify.
 *
 * <p>Steps, in order: parse the DER PKCS#10 → the signature algorithm is RSA PKCS#1 v1.5 or
 * ECDSA with SHA-256/384/512 → the self-signature verifies → the key is not the account key
 * (RFC 8555 §11.1) → the key passes {@link KeyPolicy} → the names are exactly the order's
 * identifiers. Every failure is badCSR except key quality (badPublicKey).
 *
 * <p>Names: DNS names come from the subject CN and SAN dNSNames, IPs from SAN iPAddresses. A CN
 * that is an IP literal counts as an IP (some clients put one there). IPs are compared as
 * addresses, so {@code 2001:db8::1} and {@code 2001:0db8:0:0::1} are the same. The CSR's other
 * extensions (Must-Staple, key usages) are ignored: the certificate's content comes from the
 * order alone.
 */
public final class CsrChecker {
    private static final Map<ASN1ObjectIdentifier, String> SIGNATURE_ALGORITHMS = Map.of(
            PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
            PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
            PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA",
            X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA");
    private static final String ACCEPTED_ALGORITHMS = "RSA PKCS#1 v1.5 or ECDSA, with SHA-256, SHA-384 or SHA-512";

    private CsrChecker() {}

    public static PublicKey check(byte[] csrDer, List<Identifier> orderIdentifiers, PublicKey accountKey) {
        return check(CryptoBackend.active(), csrDer, orderIdentifiers, accountKey);
    }

    /** As {@link #check(byte[], List, PublicKey)}, verifying the CSR's signature with {@code backend}. */
    public static PublicKey check(
            CryptoBackend backend, byte[] csrDer, List<Identifier> orderIdentifiers, PublicKey accountKey) {
        PKCS10CertificationRequest csr = parse(csrDer);
        PublicKey key = publicKey(csr);
        verifySignature(backend, csr, key);
        if (accountKey != null && Keys.samePublicKey(key, accountKey)) {
            throw badCsr("the CSR's public key is the account key; generate a separate key for the certificate "
                    + "(RFC 8555 §11.1)");
        }
        KeyPolicy.checkCertificateKey(key);
        checkNames(csr, orderIdentifiers);
        return key;
    }

    private static PKCS10CertificationRequest parse(byte[] csrDer) {
        if (csrDer == null || csrDer.length == 0) {
            throw badCsr("the CSR is empty; send a DER-encoded PKCS#10 request, base64url-encoded in 'csr'");
        }
        try {
            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(csrDer);
            if (csr.getSubjectPublicKeyInfo() == null) {
                throw badCsr("the CSR has no public key");
            }
            return csr;
        } catch (IOException | RuntimeException e) {
            if (e instanceof AcmeProblem problem) {
                throw problem;
            }
            throw badCsr("the CSR is not a DER-encoded PKCS#10 request (RFC 2986): " + e.getMessage()
                    + "; send the DER bytes base64url-encoded, not PEM");
        }
    }

    private static PublicKey publicKey(PKCS10CertificationRequest csr) {
        try {
            return Keys.publicKey(csr.getSubjectPublicKeyInfo());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw badCsr(
                    "the CSR's public key cannot be read (" + e.getMessage() + "); use an RSA or EC P-256/P-384 key");
        }
    }

    private static void verifySignature(CryptoBackend backend, PKCS10CertificationRequest csr, PublicKey key) {
        ASN1ObjectIdentifier oid = csr.getSignatureAlgorithm().getAlgorithm();
        String algorithm = SIGNATURE_ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw badCsr("the CSR is signed with algorithm " + oid.getId() + "; sign it with " + ACCEPTED_ALGORITHMS);
        }
        boolean valid;
        try {
            byte[] signed = csr.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER);
            valid = backend.verify(algorithm, key, signed, csr.getSignature());
        } catch (GeneralSecurityException | IOException e) {
            valid = false;
        }
        if (!valid) {
            throw badCsr("the CSR's signature does not verify with its own public key (algorithm " + algorithm
                    + "); sign the request with the private key of the key it contains");
        }
    }

    private static void checkNames(PKCS10CertificationRequest csr, List<Identifier> orderIdentifiers) {
        Names expected = Names.of(orderIdentifiers);
        Names found = new Names();
        for (String cn : commonNames(csr)) {
            found.add(cn, true);
        }
        for (GeneralName name : subjectAlternativeNames(csr)) {
            found.add(name);
        }
        List<String> missing = expected.minus(found);
        List<String> extra = found.minus(expected);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            StringBuilder detail = new StringBuilder("the CSR's names do not match the order:");
            if (!missing.isEmpty()) {
                detail.append(" missing ").append(missing);
            }
            if (!extra.isEmpty()) {
                detail.append(missing.isEmpty() ? "" : ",")
                        .append(" not in the order ")
                        .append(extra);
            }
            detail.append("; the order has ")
                    .append(expected.describe())
                    .append(". Put exactly these in the CSR (DNS names in the SAN or CN, IP addresses in the SAN)");
            throw badCsr(detail.toString());
        }
    }

    private static List<String> commonNames(PKCS10CertificationRequest csr) {
        List<String> names = new ArrayList<>();
        for (RDN rdn : csr.getSubject().getRDNs(BCStyle.CN)) {
            names.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
        }
        return names;
    }

    private static List<GeneralName> subjectAlternativeNames(PKCS10CertificationRequest csr) {
        List<GeneralName> names = new ArrayList<>();
        for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (var value : attribute.getAttrValues()) {
                GeneralNames sans;
                try {
                    sans = GeneralNames.fromExtensions(Extensions.getInstance(value), Extension.subjectAlternativeName);
                } catch (RuntimeException e) {
                    throw badCsr("the CSR's extension request cannot be parsed: " + e.getMessage());
                }
                if (sans != null) {
                    names.addAll(List.of(sans.getNames()));
                }
            }
        }
        return names;
    }

    private static AcmeProblem badCsr(String detail) {
        return AcmeProblem.of(ProblemType.BAD_CSR, detail);
    }

    /** DNS names (lower case) and IP addresses, with the text each came from for messages. */
    private static final class Names {
        private final Set<String> dns = new TreeSet<>();
        private final Set<InetAddress> ips = new LinkedHashSet<>();

        static Names of(List<Identifier> identifiers) {
            Names names = new Names();
            for (Identifier identifier : identifiers) {
                switch (identifier.type()) {
                    case Identifier.DNS -> names.dns.add(identifier.value().toLowerCase(Locale.ROOT));
                    case Identifier.IP -> names.ips.add(IpAddresses.parse(identifier.value()));
                    default -> throw new IllegalArgumentException("unsupported identifier type " + identifier.type());
                }
            }
            return names;
        }

        void add(String dnsName, boolean commonName) {
            if (commonName && IpAddresses.isLiteral(dnsName)) {
                ips.add(IpAddresses.parse(dnsName));
                return;
            }
            if (dnsName.isEmpty() || dnsName.endsWith(".")) {
                throw badCsr("the CSR contains the DNS name '" + dnsName + "'; DNS names must be non-empty and "
                        + "have no trailing dot");
            }
            dns.add(dnsName.toLowerCase(Locale.ROOT));
        }

        void add(GeneralName name) {
            switch (name.getTagNo()) {
                case GeneralName.dNSName -> add(name.getName().toString(), false);
                case GeneralName.iPAddress ->
                    ips.add(address(ASN1OctetString.getInstance(name.getName()).getOctets()));
                default ->
                    throw badCsr("the CSR's subjectAltName contains a name of type " + name.getTagNo() + " (" + name
                            + "); only dNSName and iPAddress are supported");
            }
        }

        private static InetAddress address(byte[] octets) {
            if (octets.length != 4 && octets.length != 16) {
                throw badCsr("the CSR contains an iPAddress of " + octets.length + " bytes; use 4 (IPv4) or 16 (IPv6)");
            }
            try {
                return InetAddress.getByAddress(octets);
            } catch (IOException e) {
                throw badCsr("the CSR contains an invalid iPAddress");
            }
        }

        List<String> minus(Names other) {
            List<String> result = new ArrayList<>();
            dns.stream().filter(name -> !other.dns.contains(name)).forEach(result::add);
            ips.stream()
                    .filter(ip -> !other.ips.contains(ip))
                    .map(InetAddress::getHostAddress)
                    .forEach(result::add);
            return result;
        }

        String describe() {
            List<String> all = new ArrayList<>(dns);
            ips.stream().map(InetAddress::getHostAddress).forEach(all::add);
            return all.toString();
        }
    }
}
