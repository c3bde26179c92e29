package dev.cairn.issuance;

import static dev.cairn.issuance.Fixtures.CLOCK;
import static dev.cairn.issuance.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.protocol.Identifier;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificateIssuerTest {
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String SAN = "2.5.29.17";
    private static final String EKU = "2.5.29.37";
    private static final String SKI = "2.5.29.14";
    private static final String AKI = "2.5.29.35";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private static CertificateAuthority ca;
    private static CertificateIssuer issuer;
    private static final KeyPair SUBJECT = Fixtures.ecKey("secp256r1");

    @BeforeAll
    static void createCa() {
        ca = CertificateAuthority.createInMemory(
                new IssuanceConfig(CaKeyAlgorithm.ECDSA_P256, 2, Duration.ofDays(90)),
                CLOCK,
                Fixtures.seededRandom(20));
        issuer = new CertificateIssuer(ca, IssuanceConfig.defaults(), CLOCK, Fixtures.seededRandom(21));
    }

    @Test
    void everyChainValidatesAgainstItsRootWithTheJdkValidator() throws Exception {
        IssuedCertificate issued = issue(Identifier.dns("example.com"));

        assertThat(issued.chainsPem()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            List<X509Certificate> chain =
                    Pem.parseCertificates(issued.chainsPem().get(i));
            assertThat(chain).hasSize(2);
            assertThat(chain.get(0).getEncoded()).isEqualTo(issued.leafDer());
            assertThat(chain.get(1)).isEqualTo(ca.intermediates().get(i));
            Fixtures.validate(chain, ca.roots().get(i), NOW.plusSeconds(1));
        }
    }

    @Test
    void chainIsBarePemBlocksWithoutBlankLinesOrRoot() {
        String chain = issue(Identifier.dns("example.com")).chainsPem().get(0);

        assertThat(chain).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(chain).doesNotContain("\n\n").doesNotContain("\r");
        assertThat(chain.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(3);
        assertThat(chain.replaceAll(
                        "(?s)-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n", ""))
                .isEmpty();
    }

    @Test
    void leafHasExactlyTheSpecifiedExtensions() throws Exception {
        X509Certificate leaf = leaf(issue(Identifier.dns("example.com"), Identifier.dns("*.example.com")));

        assertThat(leaf.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(KEY_USAGE, BASIC_CONSTRAINTS);
        assertThat(leaf.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder(SAN, EKU, SKI, AKI);
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        boolean[] usage = leaf.getKeyUsage();
        assertThat(usage[0]).as("digitalSignature").isTrue();
        assertThat(usage[2]).as("keyEncipherment").isFalse();
        assertThat(usage[5]).as("keyCertSign").isFalse();
        assertThat(Extensions.authorityKeyId(leaf))
                .isEqualTo(Extensions.subjectKeyId(ca.intermediates().get(0)));
        assertThat(Extensions.subjectKeyId(leaf)).isEqualTo(Keys.keyIdentifier(SUBJECT.getPublic()));
        assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void rsaLeafAlsoGetsKeyEncipherment() throws Exception {
        KeyPair rsa = Fixtures.rsaKey(2048);
        IssuedCertificate issued = issuer.issue(rsa.getPublic(), List.of(Identifier.dns("example.com")), null, null);

        boolean[] usage = leaf(issued).getKeyUsage();
        assertThat(usage[0]).isTrue();
        assertThat(usage[2]).isTrue();
    }

    @Test
    void sanHoldsEveryIdentifierAndCnIsTheFirstDnsName() throws Exception {
        X509Certificate leaf = leaf(issue(
                Identifier.ip("192.0.2.1"),
                Identifier.dns("*.example.com"),
                Identifier.dns("example.com"),
                Identifier.ip("2001:db8::1")));

        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=*.example.com");
        assertThat(leaf.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(
                        List.of(7, "192.0.2.1"),
                        List.of(2, "*.example.com"),
                        List.of(2, "example.com"),
                        List.of(7, "2001:db8:0:0:0:0:0:1"));
    }

    @Test
    void longFirstNameLeavesTheSubjectEmptyAndMakesTheSanCritical() throws Exception {
        String longName = "a".repeat(60) + ".example.com";
        X509Certificate leaf = leaf(issue(Identifier.dns(longName)));

        assertThat(leaf.getSubjectX500Principal().getName()).isEmpty();
        assertThat(leaf.getCriticalExtensionOIDs()).contains(SAN);
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, longName));
    }

    @Test
    void ipOnlyCertificateHasAnEmptySubject() throws Exception {
        X509Certificate leaf = leaf(issue(Identifier.ip("192.0.2.1")));

        assertThat(leaf.getSubjectX500Principal().getName()).isEmpty();
        assertThat(leaf.getCriticalExtensionOIDs()).contains(SAN);
    }

    @Test
    void defaultLifetimeIsNinetyDaysMinusOneSecondFromNow() throws Exception {
        IssuedCertificate issued = issue(Identifier.dns("example.com"));

        assertThat(issued.notBefore()).isEqualTo(NOW);
        assertThat(issued.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(90)).minusSeconds(1));
        X509Certificate leaf = leaf(issued);
        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(issued.notBefore());
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(issued.notAfter());
    }

    @Test
    void requestedNotBeforeAndNotAfterAreHonoured() throws Exception {
        Instant notBefore = NOW.plus(Duration.ofDays(2));
        Instant notAfter = NOW.plus(Duration.ofDays(9));
        IssuedCertificate issued =
                issuer.issue(SUBJECT.getPublic(), List.of(Identifier.dns("example.com")), notBefore, notAfter);

        assertThat(leaf(issued).getNotBefore().toInstant()).isEqualTo(notBefore);
        assertThat(leaf(issued).getNotAfter().toInstant()).isEqualTo(notAfter);
        assertThat(issued.notBefore()).isEqualTo(notBefore);
        assertThat(issued.notAfter()).isEqualTo(notAfter);
    }

    @Test
    void requestedNotBeforeAloneGetsTheDefaultLifetime() {
        Instant notBefore = NOW.plus(Duration.ofDays(2));
        IssuedCertificate issued =
                issuer.issue(SUBJECT.getPublic(), List.of(Identifier.dns("example.com")), notBefore, null);

        assertThat(issued.notAfter())
                .isEqualTo(notBefore.plus(Duration.ofDays(90)).minusSeconds(1));
    }

    @Test
    void notAfterBeforeNotBeforeIsRefused() {
        assertThatThrownBy(() -> issuer.issue(
                        SUBJECT.getPublic(), List.of(Identifier.dns("example.com")), NOW, NOW.minusSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serialIsPositiveMatchesTheHexAndFitsTwentyOctets() throws Exception {
        IssuedCertificate issued = issue(Identifier.dns("example.com"));
        BigInteger serial = leaf(issued).getSerialNumber();

        assertThat(serial.signum()).isPositive();
        assertThat(serial.bitLength()).isLessThanOrEqualTo(128);
        assertThat(issued.serialHex())
                .isEqualTo(serial.toString(16))
                .matches("[0-9a-f]+")
                .doesNotStartWith("0");
    }

    @Test
    void leafSerialsAreTheIssuanceSecondThen96RandomBitsEveryOneOfWhichVaries() {
        List<BigInteger> serials = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            serials.add(new BigInteger(issue(Identifier.dns("example.com")).serialHex(), 16));
        }
        assertThat(new HashSet<>(serials)).hasSize(serials.size());
        long second = CLOCK.instant().getEpochSecond();
        assertThat(serials).allMatch(s -> s.shiftRight(96).longValueExact() == second);
        Set<Integer> varyingBits = new HashSet<>();
        for (int bit = 0; bit < 96; bit++) {
            int b = bit;
            if (serials.stream().anyMatch(s -> s.testBit(b)) && serials.stream().anyMatch(s -> !s.testBit(b))) {
                varyingBits.add(bit);
            }
        }
        // CA/B BR §7.1 asks for 64 random bits; all 96 flip across 64 serials (a bit staying fixed: p = 2^-63).
        assertThat(varyingBits).hasSize(96);
    }

    @Test
    void leafSerialsSortByIssuanceTimeAndStayPositiveWithinSixteenOctets() {
        var random = Fixtures.seededRandom(23);
        BigInteger earlier = Certificates.leafSerial(Instant.parse("2026-11-28T00:00:00Z"), random);
        BigInteger later = Certificates.leafSerial(Instant.parse("2026-11-28T00:00:01Z"), random);
        assertThat(later).isGreaterThan(earlier);
        BigInteger last = Certificates.leafSerial(Instant.parse("2106-02-07T06:28:15Z"), random);
        assertThat(last.signum()).isPositive();
        assertThat(last.toByteArray()).hasSizeLessThanOrEqualTo(17); // 16 octets and DER's leading zero
    }

    @Test
    void serialGeneratorNeverReturnsZeroOrNegative() {
        var random = Fixtures.seededRandom(22);
        for (int i = 0; i < 1000; i++) {
            assertThat(Certificates.serial(random).signum()).isPositive();
        }
    }

    @Test
    void leafIsSignedWithTheIntermediateKeyWhateverIsInTheCsr() throws Exception {
        X509Certificate leaf = leaf(issue(Identifier.dns("example.com")));

        leaf.verify(ca.intermediates().get(1).getPublicKey());
        assertThat(leaf.getIssuerX500Principal())
                .isEqualTo(ca.intermediates().get(0).getSubjectX500Principal());
        assertThat(leaf.getPublicKey()).isEqualTo(SUBJECT.getPublic());
    }

    @Test
    void issuingNeverRegistersBouncyCastleAsAJceProvider() {
        issue(Identifier.dns("example.com"));

        assertThat(java.security.Security.getProvider("BC")).isNull();
    }

    private static IssuedCertificate issue(Identifier... identifiers) {
        return issuer.issue(SUBJECT.getPublic(), List.of(identifiers), null, null);
    }

    private static X509Certificate leaf(IssuedCertificate issued) throws Exception {
        return Pem.toX509(issued.leafDer());
    }
}
