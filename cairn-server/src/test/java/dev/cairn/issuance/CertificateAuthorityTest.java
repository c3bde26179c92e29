package dev.cairn.issuance;

import static dev.cairn.issuance.Fixtures.CLOCK;
import static dev.cairn.issuance.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String SKI = "2.5.29.14";
    private static final String AKI = "2.5.29.35";

    @TempDir
    Path tmp;

    @Test
    void defaultConfigIsP256WithOneAlternateRootAndNinetyDayCertificates() {
        IssuanceConfig config = IssuanceConfig.defaults();

        assertThat(config.keyAlgorithm()).isEqualTo(CaKeyAlgorithm.ECDSA_P256);
        assertThat(config.alternateRoots()).isEqualTo(1);
        assertThat(config.certificateLifetime()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void configRejectsNegativeAlternateRootsAndZeroLifetime() {
        assertThatThrownBy(() -> new IssuanceConfig(CaKeyAlgorithm.ECDSA_P256, -1, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IssuanceConfig(CaKeyAlgorithm.ECDSA_P256, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hierarchyHasOneRootAndOneIntermediatePerAlternate() {
        CertificateAuthority ca = inMemory(2);

        assertThat(ca.roots()).hasSize(3);
        assertThat(ca.intermediates()).hasSize(3);
        assertThat(ca.roots())
                .extracting(X509Certificate::getSubjectX500Principal)
                .doesNotHaveDuplicates();
        for (int i = 0; i < 3; i++) {
            assertThat(ca.roots().get(i).getSubjectX500Principal().getName()).startsWith("CN=Cairn Root CA " + i + " ");
            assertThat(ca.intermediates().get(i).getIssuerX500Principal())
                    .isEqualTo(ca.roots().get(i).getSubjectX500Principal());
        }
    }

    @Test
    void everyIntermediateCertifiesTheSameSubjectAndKey() {
        CertificateAuthority ca = inMemory(2);

        X509Certificate first = ca.intermediates().get(0);
        for (X509Certificate intermediate : ca.intermediates()) {
            assertThat(intermediate.getSubjectX500Principal()).isEqualTo(first.getSubjectX500Principal());
            assertThat(intermediate.getPublicKey()).isEqualTo(first.getPublicKey());
            assertThat(intermediate.getExtensionValue(SKI)).isEqualTo(first.getExtensionValue(SKI));
        }
        assertThat(Keys.matches(ca.intermediateKey(), first.getPublicKey())).isTrue();
    }

    @Test
    void eachIntermediateValidatesUpToItsOwnRoot() throws Exception {
        CertificateAuthority ca = inMemory(2);

        for (int i = 0; i < 3; i++) {
            Fixtures.validate(List.of(ca.intermediates().get(i)), ca.roots().get(i), NOW.plusSeconds(60));
        }
    }

    @Test
    void rootsAreCriticalUnlimitedCasWithCertSignAndCrlSign() {
        X509Certificate root = inMemory(0).roots().get(0);

        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(root.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
        assertThat(root.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder(SKI, AKI);
        assertCertSignAndCrlSignOnly(root);
        assertThat(root.getNotAfter().toInstant())
                .isBetween(NOW.plus(Duration.ofDays(3650)), NOW.plus(Duration.ofDays(3660)));
    }

    @Test
    void intermediatesHavePathLengthZeroAndPointAtTheirRootsKey() {
        CertificateAuthority ca = inMemory(1);

        for (int i = 0; i < 2; i++) {
            X509Certificate intermediate = ca.intermediates().get(i);
            assertThat(intermediate.getBasicConstraints()).isZero();
            assertThat(intermediate.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
            assertCertSignAndCrlSignOnly(intermediate);
            assertThat(Extensions.authorityKeyId(intermediate))
                    .isEqualTo(Extensions.subjectKeyId(ca.roots().get(i)));
            assertThat(intermediate.getNotAfter().toInstant())
                    .isBetween(NOW.plus(Duration.ofDays(1825)), NOW.plus(Duration.ofDays(1830)));
        }
    }

    @Test
    void caSerialsArePositiveAndDistinct() {
        CertificateAuthority ca = inMemory(2);

        List<java.math.BigInteger> serials = java.util.stream.Stream.concat(
                        ca.roots().stream(), ca.intermediates().stream())
                .map(X509Certificate::getSerialNumber)
                .toList();
        assertThat(serials).allMatch(serial -> serial.signum() > 0).doesNotHaveDuplicates();
    }

    @Test
    void rsaHierarchyIsBuiltWithRsaKeys() throws Exception {
        CertificateAuthority ca = CertificateAuthority.createInMemory(
                new IssuanceConfig(CaKeyAlgorithm.RSA_2048, 0, Duration.ofDays(90)), CLOCK, Fixtures.seededRandom(3));

        assertThat(ca.roots().get(0).getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(ca.intermediates().get(0).getSigAlgName()).isEqualTo("SHA256withRSA");
        Fixtures.validate(List.of(ca.intermediates().get(0)), ca.roots().get(0), NOW);
    }

    @Test
    void p384HierarchySignsWithSha384() {
        CertificateAuthority ca = CertificateAuthority.createInMemory(
                new IssuanceConfig(CaKeyAlgorithm.ECDSA_P384, 0, Duration.ofDays(90)), CLOCK, Fixtures.seededRandom(4));

        assertThat(ca.intermediates().get(0).getSigAlgName()).isEqualTo("SHA384withECDSA");
    }

    @Test
    void loadOrCreateReusesTheSameRootsAndIntermediateOnTheSecondStart() {
        Path dir = tmp.resolve("ca");
        CertificateAuthority first =
                CertificateAuthority.loadOrCreate(dir, IssuanceConfig.defaults(), CLOCK, Fixtures.seededRandom(5));
        CertificateAuthority second =
                CertificateAuthority.loadOrCreate(dir, IssuanceConfig.defaults(), CLOCK, Fixtures.seededRandom(6));

        assertThat(second.roots()).isEqualTo(first.roots());
        assertThat(second.intermediates()).isEqualTo(first.intermediates());
        assertThat(second.intermediateKey().getEncoded())
                .isEqualTo(first.intermediateKey().getEncoded());
        assertThat(second.rootKey(1).getEncoded()).isEqualTo(first.rootKey(1).getEncoded());
    }

    @Test
    void loadOrCreateWritesKeysAs0600AndTheDirectoryAs0700() throws Exception {
        Path dir = tmp.resolve("ca");
        CertificateAuthority.loadOrCreate(dir, IssuanceConfig.defaults(), CLOCK, Fixtures.seededRandom(7));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        for (String key : List.of("root-0.key.pem", "root-1.key.pem", "intermediate.key.pem")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key))))
                    .as(key)
                    .isEqualTo("rw-------");
            assertThat(Files.readString(dir.resolve(key))).startsWith("-----BEGIN PRIVATE KEY-----\n");
        }
        assertThat(Files.readString(dir.resolve("root-0.pem"))).startsWith("-----BEGIN CERTIFICATE-----\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    @Test
    void loadOrCreateAddsAnAlternateRootConfiguredLaterWithoutChangingTheOthers() throws Exception {
        Path dir = tmp.resolve("ca");
        CertificateAuthority first = CertificateAuthority.loadOrCreate(
                dir,
                new IssuanceConfig(CaKeyAlgorithm.ECDSA_P256, 0, Duration.ofDays(90)),
                CLOCK,
                Fixtures.seededRandom(8));
        CertificateAuthority second = CertificateAuthority.loadOrCreate(
                dir,
                new IssuanceConfig(CaKeyAlgorithm.ECDSA_P256, 1, Duration.ofDays(90)),
                CLOCK,
                Fixtures.seededRandom(9));

        assertThat(second.roots().get(0)).isEqualTo(first.roots().get(0));
        assertThat(second.intermediates().get(0))
                .isEqualTo(first.intermediates().get(0));
        Fixtures.validate(List.of(second.intermediates().get(1)), second.roots().get(1), NOW);
    }

    @Test
    void loadOrCreateRefusesARootCertificateWhoseKeyIsMissing() throws Exception {
        Path dir = tmp.resolve("ca");
        CertificateAuthority.loadOrCreate(dir, IssuanceConfig.defaults(), CLOCK, Fixtures.seededRandom(10));
        Files.delete(dir.resolve("root-0.key.pem"));

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(
                        dir, IssuanceConfig.defaults(), CLOCK, Fixtures.seededRandom(11)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("root-0.key.pem is missing");
    }

    @Test
    void loadOrCreateReplacesAKeyThatWasWrittenWithoutItsCertificate() throws Exception {
        Path dir = tmp.resolve("ca");
        CertificateAuthority first =
                CertificateAuthority.loadOrCreate(dir, IssuanceConfig.defaults(), CLOCK, Fixtures.seededRandom(12));
        Files.delete(dir.resolve("root-1.pem"));

        CertificateAuthority second =
                CertificateAuthority.loadOrCreate(dir, IssuanceConfig.defaults(), CLOCK, Fixtures.seededRandom(13));

        assertThat(second.roots().get(0)).isEqualTo(first.roots().get(0));
        assertThat(second.roots().get(1)).isNotEqualTo(first.roots().get(1));
        Fixtures.validate(List.of(second.intermediates().get(1)), second.roots().get(1), NOW);
    }

    private static CertificateAuthority inMemory(int alternates) {
        return CertificateAuthority.createInMemory(
                new IssuanceConfig(CaKeyAlgorithm.ECDSA_P256, alternates, Duration.ofDays(90)),
                CLOCK,
                Fixtures.seededRandom(alternates));
    }

    private static void assertCertSignAndCrlSignOnly(X509Certificate ca) {
        boolean[] usage = ca.getKeyUsage();
        assertThat(usage[5]).as("keyCertSign").isTrue();
        assertThat(usage[6]).as("cRLSign").isTrue();
        assertThat(usage[0]).as("digitalSignature").isFalse();
    }
}
