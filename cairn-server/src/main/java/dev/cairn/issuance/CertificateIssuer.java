package dev.cairn.issuance;

import dev.cairn.protocol.Identifier;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * Signs leaf certificates with the intermediate key.
 *
 * <p>The certificate's content comes only from the order: identifiers become SANs, the subject
 * CN is the first DNS identifier when it fits (64 characters, RFC 5280 upper bound ub-common-name)
 * and is empty otherwise, in which case the SAN is critical (RFC 5280 §4.2.1.6). Nothing is
 * copied from the CSR (profiles draft, Security Considerations). Validity is inclusive at both
 * ends (RFC 5280 §4.1.2.5), so a 90-day lifetime ends one second before notBefore + 90 days.
 * The order's {@link Profile} sets the default lifetime, whether there is a CN at all, and the
 * key usages and extended key usages ({@link KeyUsages}).
 */
public final class CertificateIssuer {
    private static final int MAX_COMMON_NAME = 64;

    private final CertificateAuthority ca;
    private final IssuanceConfig config;
    private final Clock clock;
    private final SecureRandom random;
    private final Profiles profiles;
    private final Issuer issuer;

    /** The built-in profiles, classic living {@code config.certificateLifetime()}. */
    public CertificateIssuer(CertificateAuthority ca, IssuanceConfig config, Clock clock, SecureRandom random) {
        this(ca, config, clock, random, Profiles.builtIn(config.certificateLifetime()));
    }

    public CertificateIssuer(
            CertificateAuthority ca, IssuanceConfig config, Clock clock, SecureRandom random, Profiles profiles) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.issuer = Issuer.of(ca);
    }

    public Profiles profiles() {
        return profiles;
    }

    /** Under the default profile; notBefore null means now; notAfter null means notBefore + lifetime − 1 s. */
    public IssuedCertificate issue(
            PublicKey subjectKey, List<Identifier> identifiers, Instant notBefore, Instant notAfter) {
        return issue(subjectKey, identifiers, notBefore, notAfter, profiles.defaultProfile());
    }

    /** notBefore null means now; notAfter null means notBefore + the profile's lifetime − 1 s. */
    public IssuedCertificate issue(
            PublicKey subjectKey, List<Identifier> identifiers, Instant notBefore, Instant notAfter, Profile profile) {
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(profile, "profile");
        if (identifiers == null || identifiers.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one identifier");
        }
        Instant start = Certificates.seconds(notBefore == null ? clock.instant() : notBefore);
        Instant end =
                notAfter == null ? start.plus(profile.lifetime()).minusSeconds(1) : Certificates.seconds(notAfter);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("notAfter " + end + " is not after notBefore " + start);
        }
        BigInteger serial = Certificates.leafSerial(clock.instant(), random);
        X500Name subject = profile.commonName() ? subjectFor(identifiers) : new X500Name(new RDN[0]);
        X509v3CertificateBuilder builder = Certificates.builder(issuer.name(), serial, start, end, subject, subjectKey);
        addLeafExtensions(builder, subjectKey, issuer.keyIdentifier(), identifiers, subject, profile.usages());
        byte[] leaf = Certificates.signedDer(builder, ca.intermediateKey(), random);
        return new IssuedCertificate(serial.toString(16), leaf, new PemChains(leaf, issuer.chainPems()), start, end);
    }

    private static X500Name subjectFor(List<Identifier> identifiers) {
        return identifiers.stream()
                .filter(id -> Identifier.DNS.equals(id.type()))
                .findFirst()
                .filter(id -> id.value().length() <= MAX_COMMON_NAME)
                .map(id -> Certificates.commonName(id.value()))
                .orElseGet(() -> new X500Name(new RDN[0]));
    }

    private static void addLeafExtensions(
            X509v3CertificateBuilder builder,
            PublicKey subjectKey,
            byte[] issuerKeyIdentifier,
            List<Identifier> identifiers,
            X500Name subject,
            KeyUsages usages) {
        boolean emptySubject = subject.getRDNs().length == 0;
        Certificates.add(builder, Extension.subjectAlternativeName, emptySubject, subjectAlternativeNames(identifiers));
        Certificates.add(builder, Extension.extendedKeyUsage, false, usages.extendedKeyUsage());
        // RFC 5280 §4.2.1.3: critical; only the usages that fit this key's algorithm (KeyUsages)
        Certificates.add(builder, Extension.keyUsage, true, usages.keyUsageFor(subjectKey));
        Certificates.add(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        Certificates.addKeyIdentifiers(builder, Keys.keyIdentifier(subjectKey), issuerKeyIdentifier);
    }

    static GeneralNames subjectAlternativeNames(List<Identifier> identifiers) {
        List<GeneralName> names = new ArrayList<>();
        for (Identifier identifier : identifiers) {
            names.add(
                    switch (identifier.type()) {
                        case Identifier.DNS -> new GeneralName(GeneralName.dNSName, identifier.value());
                        case Identifier.IP ->
                            new GeneralName(
                                    GeneralName.iPAddress,
                                    new DEROctetString(IpAddresses.parse(identifier.value())
                                            .getAddress()));
                        default ->
                            throw new IllegalArgumentException("identifier type '" + identifier.type()
                                    + "' cannot go in a certificate; use dns or ip");
                    });
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    /**
     * What every leaf repeats about its issuer, worked out once: the issuing intermediate's
     * name and key identifier, and each chain above the leaf in PEM (the CA never changes
     * while the issuer lives).
     */
    private record Issuer(X500Name name, byte[] keyIdentifier, List<String> chainPems) {
        static Issuer of(CertificateAuthority ca) {
            X509Certificate intermediate = ca.intermediates().get(0);
            List<String> chains = new ArrayList<>();
            for (int i = 0; i < ca.intermediates().size(); i++) {
                chains.add(Pem.encode(ca.chain(i)));
            }
            return new Issuer(
                    Certificates.subjectOf(intermediate),
                    Keys.keyIdentifier(intermediate.getPublicKey()),
                    List.copyOf(chains));
        }
    }
}
