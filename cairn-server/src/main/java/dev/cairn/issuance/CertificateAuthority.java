package dev.cairn.issuance;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Cairn's signing hierarchy.
 *
 * <p>Design: one intermediate key signs every leaf. Root 0 certifies it as intermediate 0; each
 * alternate root i (1..n) is a separate self-signed root that cross-certifies the same
 * intermediate subject and key as intermediate i. Because subject, key and therefore SKI are
 * identical, a leaf (whose issuer and AKI name the intermediate) validates through intermediate
 * i up to root i for every i — this is how RFC 8555 §7.4.2 alternate chains work, and how
 * Pebble's {@code PEBBLE_ALTERNATE_ROOTS} behaves.
 *
 * <p>With a {@code chainLength} n above 1 (in-memory only), each chain i gets n − 1 more
 * intermediates of its own between root i and the cross-certified leaf-signing intermediate,
 * which is then certified by the lowest of them instead of by the root. {@link #chain(int)}
 * lists a chain's intermediates from the leaf's issuer upwards.
 *
 * <p>Persistence ({@link #loadOrCreate}): each key is written before the certificate that
 * certifies it, each write atomic. So after a crash a key may exist without its certificate;
 * such a key was never published and is replaced. A certificate whose key is missing or does
 * not match is an error: silently replacing a root would break every client that trusts it.
 * Alternate roots added to the configuration later are created on the next start; the key
 * type of an existing hierarchy is kept even if {@code keyAlgorithm} changes. Known limit: an
 * expired root or intermediate is not renewed automatically.
 */
public final class CertificateAuthority {
    static final Duration ROOT_VALIDITY = Duration.ofDays(3653);
    static final Duration INTERMEDIATE_VALIDITY = Duration.ofDays(1826);
    static final String INTERMEDIATE = "intermediate";

    private final List<X509Certificate> roots;
    private final List<PrivateKey> rootKeys;
    private final List<X509Certificate> intermediates;
    private final PrivateKey intermediateKey;
    private final List<List<X509Certificate>> upper;

    private CertificateAuthority(
            List<X509Certificate> roots,
            List<PrivateKey> rootKeys,
            List<X509Certificate> intermediates,
            PrivateKey intermediateKey,
            List<List<X509Certificate>> upper) {
        this.upper = upper.stream().map(List::copyOf).toList();
        this.roots = List.copyOf(roots);
        this.rootKeys = List.copyOf(rootKeys);
        this.intermediates = List.copyOf(intermediates);
        this.intermediateKey = intermediateKey;
    }

    /** A fresh hierarchy that lives only in this process. */
    public static CertificateAuthority createInMemory(IssuanceConfig config, Clock clock, SecureRandom random) {
        return build(CaFiles.none(), config, clock, random);
    }

    /** The hierarchy stored in {@code caDir}, created there (directory 0700, keys 0600) on first start. */
    public static CertificateAuthority loadOrCreate(
            Path caDir, IssuanceConfig config, Clock clock, SecureRandom random) {
        Objects.requireNonNull(caDir, "caDir");
        if (config.chainLength() != 1) {
            throw new IllegalArgumentException(
                    "a chain length above 1 is for in-memory CAs only (--in-memory or --test)");
        }
        return build(CaFiles.in(caDir), config, clock, random);
    }

    public List<X509Certificate> roots() {
        return roots;
    }

    /** Index i is the intermediate certified by root i; all share one subject and key. */
    public List<X509Certificate> intermediates() {
        return intermediates;
    }

    /** Chain i's intermediates, the leaf's issuer first and the one below root i last. */
    public List<X509Certificate> chain(int i) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(intermediates.get(i));
        chain.addAll(upper.get(i));
        return List.copyOf(chain);
    }

    public PrivateKey rootKey(int i) {
        return rootKeys.get(i);
    }

    public PrivateKey intermediateKey() {
        return intermediateKey;
    }

    private static CertificateAuthority build(CaFiles files, IssuanceConfig config, Clock clock, SecureRandom random) {
        Objects.requireNonNull(config, "config");
        Instant now = Certificates.seconds(clock.instant());
        List<X509Certificate> roots = new ArrayList<>();
        List<PrivateKey> rootKeys = new ArrayList<>();
        for (int i = 0; i <= config.alternateRoots(); i++) {
            String name = "root-" + i;
            Optional<X509Certificate> existing = files.certificate(name);
            if (existing.isPresent()) {
                roots.add(existing.get());
                rootKeys.add(existingKey(files, name, existing.get()));
            } else {
                KeyPair pair = Keys.generate(config.keyAlgorithm(), random);
                X509Certificate root = Certificates.selfSignedCa(
                        Certificates.commonName("Cairn Root CA " + i + " " + Certificates.randomSuffix(random)),
                        pair.getPublic(),
                        pair.getPrivate(),
                        null,
                        now,
                        ROOT_VALIDITY,
                        random);
                files.save(name, pair.getPrivate());
                files.save(name, root);
                roots.add(root);
                rootKeys.add(pair.getPrivate());
            }
        }
        return withIntermediates(files, config, roots, rootKeys, now, random);
    }

    private static CertificateAuthority withIntermediates(
            CaFiles files,
            IssuanceConfig config,
            List<X509Certificate> roots,
            List<PrivateKey> rootKeys,
            Instant now,
            SecureRandom random) {
        List<Optional<X509Certificate>> stored = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            stored.add(files.certificate(INTERMEDIATE + "-" + i));
        }
        Optional<PrivateKey> storedKey = files.privateKey(INTERMEDIATE);
        // The public key of an EC private key cannot be read back from PKCS#8, so it comes
        // from a certificate that already certifies it.
        Optional<X509Certificate> template = storedKey.flatMap(key -> stored.stream()
                .flatMap(Optional::stream)
                .filter(cert -> Keys.matches(key, cert.getPublicKey()))
                .findFirst());
        PrivateKey key;
        PublicKey publicKey;
        X500Name subject;
        if (template.isPresent()) {
            key = storedKey.orElseThrow();
            publicKey = template.get().getPublicKey();
            subject = Certificates.subjectOf(template.get());
        } else {
            KeyPair pair = Keys.generate(config.keyAlgorithm(), random);
            files.save(INTERMEDIATE, pair.getPrivate());
            key = pair.getPrivate();
            publicKey = pair.getPublic();
            subject = Certificates.commonName("Cairn Intermediate CA " + Certificates.randomSuffix(random));
        }
        List<X509Certificate> intermediates = new ArrayList<>();
        List<List<X509Certificate>> upper = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            Optional<X509Certificate> candidate = stored.get(i);
            X509Certificate root = roots.get(i);
            List<X509Certificate> above = new ArrayList<>();
            PrivateKey issuerKey = upper(config, i, root, rootKeys.get(i), above, now, random);
            X509Certificate issuer = above.isEmpty() ? root : above.get(0);
            upper.add(above);
            if (candidate.isPresent() && certifies(root, candidate.get(), subject, publicKey)) {
                intermediates.add(candidate.get());
            } else {
                X509Certificate issued = Certificates.intermediate(
                        subject, publicKey, issuer, issuerKey, now, INTERMEDIATE_VALIDITY, random);
                files.save(INTERMEDIATE + "-" + i, issued);
                intermediates.add(issued);
            }
        }
        return new CertificateAuthority(roots, rootKeys, intermediates, key, upper);
    }

    /**
     * Creates chain i's {@code chainLength - 1} upper intermediates below {@code root}, adding
     * them to {@code above} lowest first; returns the key that certifies the leaf-signing
     * intermediate (the root's when there are none).
     */
    private static PrivateKey upper(
            IssuanceConfig config,
            int chain,
            X509Certificate root,
            PrivateKey rootKey,
            List<X509Certificate> above,
            Instant now,
            SecureRandom random) {
        X509Certificate issuer = root;
        PrivateKey issuerKey = rootKey;
        for (int depth = 1; depth < config.chainLength(); depth++) {
            KeyPair pair = Keys.generate(config.keyAlgorithm(), random);
            X509Certificate cert = Certificates.intermediate(
                    Certificates.commonName(
                            "Cairn Intermediate CA " + chain + "-" + depth + " " + Certificates.randomSuffix(random)),
                    pair.getPublic(),
                    issuer,
                    issuerKey,
                    now,
                    INTERMEDIATE_VALIDITY,
                    config.chainLength() - depth,
                    random);
            above.add(0, cert);
            issuer = cert;
            issuerKey = pair.getPrivate();
        }
        return issuerKey;
    }

    private static PrivateKey existingKey(CaFiles files, String name, X509Certificate certificate) {
        PrivateKey key = files.privateKey(name)
                .orElseThrow(() -> new IllegalStateException(files.certificateFile(name) + " exists but its key "
                        + files.keyFile(name) + " is missing; restore "
                        + "the key from a backup, or remove both files to create a new root (clients must then "
                        + "trust the new root)"));
        if (!Keys.matches(key, certificate.getPublicKey())) {
            throw new IllegalStateException(files.keyFile(name) + " does not match the certificate in "
                    + files.certificateFile(name) + "; restore the matching pair from a backup");
        }
        return key;
    }

    private static boolean certifies(
            X509Certificate root, X509Certificate intermediate, X500Name subject, PublicKey key) {
        try {
            intermediate.verify(root.getPublicKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
        return Keys.samePublicKey(intermediate.getPublicKey(), key)
                && Certificates.subjectOf(intermediate).equals(subject)
                && intermediate.getIssuerX500Principal().equals(root.getSubjectX500Principal());
    }
}
