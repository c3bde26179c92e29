package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Checks a PEM chain file an ACME client wrote: the names it covers and that it chains to the issuing root. */
final class IssuedChain {
    private static final int SAN_DNS_NAME = 2;

    private IssuedChain() {}

    static List<X509Certificate> read(Path pemFile) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends java.security.cert.Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> chain = new ArrayList<>();
            for (java.security.cert.Certificate certificate : certificates) {
                chain.add((X509Certificate) certificate);
            }
            return chain;
        }
    }

    /**
     * Asserts that {@code fullChainPem} (leaf first, then intermediates) names exactly
     * {@code names} and validates with PKIX to {@code root}. Returns the leaf.
     */
    static X509Certificate assertValid(Path fullChainPem, X509Certificate root, Set<String> names)
            throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = read(fullChainPem);
        assertThat(chain).as("certificates in %s", fullChainPem).hasSizeGreaterThanOrEqualTo(2);
        X509Certificate leaf = chain.get(0);
        assertThat(dnsNames(leaf)).as("SANs of the leaf in %s", fullChainPem).isEqualTo(new TreeSet<>(names));
        validate(chain, root);
        return leaf;
    }

    static Set<String> dnsNames(X509Certificate certificate) throws GeneralSecurityException {
        Set<String> names = new TreeSet<>();
        Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
        if (sans != null) {
            for (List<?> san : sans) {
                if (((Integer) san.get(0)) == SAN_DNS_NAME) {
                    names.add((String) san.get(1));
                }
            }
        }
        return names;
    }

    private static void validate(List<X509Certificate> chain, X509Certificate root) throws GeneralSecurityException {
        // The path excludes any copy of the root itself: PKIX takes it only as the trust anchor.
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            if (!certificate.equals(root)) {
                path.add(certificate);
            }
        }
        CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        // No CRL or OCSP: revocation checking is its own test, through the management API.
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
    }
}
