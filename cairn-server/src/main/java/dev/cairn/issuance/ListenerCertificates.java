package dev.cairn.issuance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * The TLS identity of Cairn's own HTTPS listeners (ACME and admin), separate from the ACME CA
 * so that trusting one never means trusting the other.
 *
 * <p>{@link #selfIssued} makes a local "Cairn TLS root" (P-256) and a leaf for localhost,
 * 127.0.0.1, ::1 and the configured names. With a directory, the root is kept there (key 0600)
 * so clients configured to trust it keep working across restarts; the leaf is issued fresh on
 * every start. {@link #fromPem} takes an operator's certificate chain and key instead.
 *
 * <p>The key store only ever lives in memory, so its password protects nothing; it is a
 * constant that Jetty's SslContextFactory can be given.
 */
public final class ListenerCertificates {
    public static final String ALIAS = "cairn";
    private static final String PASSWORD = "cairn";
    private static final String ROOT = "tls-root";
    private static final Duration ROOT_VALIDITY = Duration.ofDays(3653);
    /** Just under the 398 days some TLS clients accept for any server certificate. */
    private static final Duration LEAF_VALIDITY = Duration.ofDays(397);

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final X509Certificate trustAnchor;

    private ListenerCertificates(PrivateKey key, List<X509Certificate> chain, X509Certificate trustAnchor) {
        this.key = key;
        this.chain = List.copyOf(chain);
        this.trustAnchor = trustAnchor;
    }

    public static ListenerCertificates selfIssued(
            Path dirOrNull, List<String> hostNamesAndIps, Clock clock, SecureRandom random) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Instant now = Certificates.seconds(clock.instant());
        CaFiles files = dirOrNull == null ? CaFiles.none() : CaFiles.in(dirOrNull);
        Optional<X509Certificate> storedRoot = files.certificate(ROOT);
        X509Certificate root;
        PrivateKey rootKey;
        if (storedRoot.isPresent()) {
            root = storedRoot.get();
            rootKey = files.privateKey(ROOT)
                    .filter(k -> Keys.matches(k, storedRoot.get().getPublicKey()))
                    .orElseThrow(() -> new IllegalStateException(files.keyFile(ROOT) + " is missing or does not match "
                            + files.certificateFile(ROOT) + "; remove both to create a new TLS root"));
        } else {
            KeyPair pair = Keys.ec("secp256r1", random);
            root = Certificates.selfSignedCa(
                    Certificates.commonName("Cairn TLS root " + Certificates.randomSuffix(random)),
                    pair.getPublic(),
                    pair.getPrivate(),
                    0,
                    now,
                    ROOT_VALIDITY,
                    random);
            files.save(ROOT, pair.getPrivate());
            files.save(ROOT, root);
            rootKey = pair.getPrivate();
        }
        KeyPair leafKey = Keys.ec("secp256r1", random);
        X509Certificate leaf = leaf(leafKey, names(hostNamesAndIps), root, rootKey, now, random);
        return new ListenerCertificates(leafKey.getPrivate(), List.of(leaf, root), root);
    }

    public static ListenerCertificates fromPem(Path certChainPem, Path keyPem) {
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            chain = Pem.parseCertificates(read(certChainPem, "certificate chain"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("certificate chain file " + certChainPem + ": " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain file " + certChainPem
                    + " holds no 'BEGIN CERTIFICATE' block; give the server certificate first, then its issuers");
        }
        try {
            key = Pem.parsePrivateKey(read(keyPem, "private key"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("private key file " + keyPem + ": " + e.getMessage(), e);
        }
        if (!Keys.matches(key, chain.get(0).getPublicKey())) {
            throw new IllegalArgumentException(
                    "the private key in " + keyPem + " does not match the first certificate in " + certChainPem + " ("
                            + chain.get(0).getSubjectX500Principal() + "); give the key of that certificate");
        }
        return new ListenerCertificates(key, chain, chain.get(chain.size() - 1));
    }

    /** A fresh PKCS12 store holding the key and chain under alias {@value #ALIAS}. */
    public KeyStore keyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, keyStorePassword(), chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the PKCS12 key store for the listener", e);
        }
    }

    public char[] keyStorePassword() {
        return PASSWORD.toCharArray();
    }

    /** The self-issued TLS root, or the last certificate of the configured chain. */
    public X509Certificate trustAnchor() {
        return trustAnchor;
    }

    public void writeTrustAnchor(Path pemFile) {
        SecureFiles.writeAtomically(pemFile, Pem.bytes(Pem.encode(trustAnchor)), false);
    }

    private static Set<String> names(List<String> hostNamesAndIps) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        if (hostNamesAndIps != null) {
            hostNamesAndIps.stream()
                    .map(String::trim)
                    .filter(name -> !name.isEmpty())
                    .forEach(names::add);
        }
        return names;
    }

    private static X509Certificate leaf(
            KeyPair leafKey,
            Set<String> names,
            X509Certificate root,
            PrivateKey rootKey,
            Instant now,
            SecureRandom random) {
        X509v3CertificateBuilder builder = Certificates.builder(
                Certificates.subjectOf(root),
                Certificates.serial(random),
                now,
                now.plus(LEAF_VALIDITY).minusSeconds(1),
                Certificates.commonName("localhost"),
                leafKey.getPublic());
        Certificates.add(builder, Extension.subjectAlternativeName, false, subjectAlternativeNames(names));
        Certificates.add(
                builder, Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        Certificates.add(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        Certificates.add(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        Certificates.addKeyIdentifiers(builder, leafKey.getPublic(), root.getPublicKey());
        return Certificates.sign(builder, rootKey, random);
    }

    private static GeneralNames subjectAlternativeNames(Set<String> names) {
        List<GeneralName> result = new ArrayList<>();
        for (String name : names) {
            result.add(
                    IpAddresses.isLiteral(name)
                            ? new GeneralName(
                                    GeneralName.iPAddress,
                                    new DEROctetString(IpAddresses.parse(name).getAddress()))
                            : new GeneralName(GeneralName.dNSName, name));
        }
        return new GeneralNames(result.toArray(GeneralName[]::new));
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read the " + what + " file " + file + ": " + e, e);
        }
    }
}
