package dev.cairn.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.OrderStatus;
import dev.cairn.storage.memory.InMemoryStorage;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** renewalInfo lookups and windows on a fixed clock, with the RFC 9773 §4.1 example certificate. */
class RenewalServiceTest {
    /** RFC 9773 §4.1: AKI 69:88:5B:…:C8:D4 and serial 0x87654321, whose high bit needs a leading zero. */
    private static final String RFC_CERT_ID = "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE";

    private static final byte[] RFC_AKI = HexFormat.of().parseHex("69885B6B87464041E1B37B847BA0AE2CDE01C8D4");
    private static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = NOT_BEFORE.plus(Duration.ofDays(90));
    private static final Instant NOW = NOT_BEFORE.plus(Duration.ofDays(10));

    private final InMemoryStorage storage = new InMemoryStorage();
    private final RenewalService renewals = new RenewalService(storage, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void certIdOfTheRfcExampleCertificateHasTheLeadingZero() throws Exception {
        assertThat(CertificateId.of(leaf(RFC_AKI, 0x87654321L)).wire()).isEqualTo(RFC_CERT_ID);
    }

    @Test
    void certificateIsFoundByItsCertIdAndGetsTheLastThirdWindow() throws Exception {
        store(leaf(RFC_AKI, 0x87654321L), false);

        RenewalWindow window = renewals.renewalInfo(RFC_CERT_ID);

        assertThat(window.start()).isEqualTo(NOT_BEFORE.plus(Duration.ofDays(60)));
        assertThat(window.end()).isEqualTo(NOT_BEFORE.plus(Duration.ofDays(75)));
    }

    @Test
    void revokedCertificateWindowEndsAnHourAgo() throws Exception {
        store(leaf(RFC_AKI, 0x87654321L), true);

        RenewalWindow window = renewals.renewalInfo(RFC_CERT_ID);

        assertThat(window.start()).isEqualTo(NOW.minus(Duration.ofHours(2)));
        assertThat(window.end()).isEqualTo(NOW.minus(Duration.ofHours(1)));
    }

    @Test
    void knownSerialUnderAnotherIssuersKeyIdentifierIsNotFound() throws Exception {
        store(leaf(RFC_AKI, 0x87654321L), false);

        assertThatThrownBy(() -> renewals.renewalInfo("AAAAAAAAAAAAAAAAAAAAAAAAAAA.AIdlQyE"))
                .isInstanceOfSatisfying(
                        AcmeProblem.class, p -> assertThat(p.status()).isEqualTo(404));
    }

    @Test
    void anOverrideIsAnsweredInsteadOfTheComputedWindowUntilItIsCleared() throws Exception {
        CertificateRecord cert = store(leaf(RFC_AKI, 0x87654321L), false);
        RenewalWindow wanted =
                new RenewalWindow(NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)), "https://ca.test/why");

        renewals.override(cert, wanted);

        assertThat(renewals.renewalInfo(RFC_CERT_ID)).isEqualTo(wanted);
        renewals.clearOverride(renewals.certificate(RFC_CERT_ID));
        assertThat(renewals.renewalInfo(RFC_CERT_ID).start()).isEqualTo(NOT_BEFORE.plus(Duration.ofDays(60)));
    }

    @Test
    void anOverrideIsCutToWholeSecondsAndMustStillBeAWindow() throws Exception {
        CertificateRecord cert = store(leaf(RFC_AKI, 0x87654321L), false);

        renewals.override(cert, new RenewalWindow(NOW.plusMillis(1_400), NOW.plusMillis(3_900)));

        assertThat(renewals.renewalInfo(RFC_CERT_ID))
                .isEqualTo(new RenewalWindow(NOW.plusSeconds(1), NOW.plusSeconds(3)));
        assertThatThrownBy(() -> renewals.override(cert, new RenewalWindow(NOW.plusMillis(100), NOW.plusMillis(900))))
                .isInstanceOfSatisfying(
                        AcmeProblem.class, p -> assertThat(p.status()).isEqualTo(400));
    }

    @Test
    void revocationWinsOverAnOverrideAndARevokedCertificateTakesNone() throws Exception {
        CertificateRecord cert = store(leaf(RFC_AKI, 0x87654321L), false);
        renewals.override(cert, new RenewalWindow(NOW.plus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(31))));
        CertificateRecord current = storage.certificateBySerial(cert.serial()).orElseThrow();
        storage.updateCertificate(current.revoked(NOW, 1)).orElseThrow();

        assertThat(renewals.renewalInfo(RFC_CERT_ID).end()).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThatThrownBy(() -> renewals.override(
                        cert, new RenewalWindow(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)))))
                .isInstanceOfSatisfying(
                        AcmeProblem.class, p -> assertThat(p.status()).isEqualTo(409));
    }

    @Test
    void certificatesAreNamedByCertIdOrByHexSerialInOpensslsSpelling() throws Exception {
        CertificateRecord cert = store(leaf(RFC_AKI, 0x87654321L), false);

        assertThat(renewals.certificate(RFC_CERT_ID).serial()).isEqualTo(cert.serial());
        assertThat(renewals.certificate("87654321").serial()).isEqualTo(cert.serial());
        assertThat(renewals.certificate("00:87:65:43:21").serial()).isEqualTo(cert.serial());
        assertThat(renewals.certificate("0087654321").serial()).isEqualTo(cert.serial());
        assertThatThrownBy(() -> renewals.certificate("12345"))
                .isInstanceOfSatisfying(
                        AcmeProblem.class, p -> assertThat(p.status()).isEqualTo(404));
        assertThatThrownBy(() -> renewals.certificate("not a serial"))
                .isInstanceOfSatisfying(
                        AcmeProblem.class, p -> assertThat(p.status()).isEqualTo(400));
    }

    @Test
    void aCertificateIsFoundByItsDerOnlyWhenEveryByteMatches() throws Exception {
        byte[] der = leaf(RFC_AKI, 0x87654321L);
        store(der, false);
        byte[] impostor = leaf(RFC_AKI, 0x87654321L);

        assertThat(renewals.certificate(der).serial()).isEqualTo("87654321");
        assertThatThrownBy(() -> renewals.certificate(impostor))
                .isInstanceOfSatisfying(
                        AcmeProblem.class, p -> assertThat(p.status()).isEqualTo(404));
    }

    private CertificateRecord store(byte[] der, boolean revoked) {
        Order order = storage.createOrder(
                new Order(
                        "o1",
                        "acct",
                        OrderStatus.PROCESSING,
                        NOW,
                        NOW.plusSeconds(60),
                        List.of(Identifier.dns("a.test")),
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        0),
                List.of());
        CertificateRecord cert = new CertificateRecord(
                CertificateId.of(der).serialHex(),
                "acct",
                "o1",
                der,
                List.of(),
                List.of(Identifier.dns("a.test")),
                NOT_BEFORE,
                NOT_AFTER,
                revoked ? NOW.minusSeconds(30) : null,
                revoked ? 1 : null,
                null,
                0);
        return storage.createCertificate(cert, order.valid(cert.serial()));
    }

    private static byte[] leaf(byte[] aki, long serial) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = g.generateKeyPair();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name("CN=issuer"),
                BigInteger.valueOf(serial),
                Date.from(NOT_BEFORE),
                Date.from(NOT_AFTER),
                new X500Name("CN=leaf"),
                key.getPublic());
        builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(aki));
        return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()))
                .getEncoded();
    }
}
