package dev.cairn.issuance;

import static dev.cairn.issuance.Fixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.issuance.KeyUsages.Purpose;
import dev.cairn.issuance.KeyUsages.Usage;
import dev.cairn.protocol.Identifier;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The key usages and extended key usages a profile puts in its leaves, per subject key type. */
class ProfileKeyUsagesTest {
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final KeyPair EC = Fixtures.ecKey("secp256r1");
    private static final KeyPair RSA = Fixtures.rsaKey(2048);

    private static CertificateIssuer issuer;

    @BeforeAll
    static void createCa() {
        CertificateAuthority ca = CertificateAuthority.createInMemory(
                new IssuanceConfig(CaKeyAlgorithm.ECDSA_P256, 0, Duration.ofDays(90)),
                CLOCK,
                Fixtures.seededRandom(30));
        Profile mtls = new Profile(
                "mtls",
                "mutual TLS",
                Duration.ofDays(30),
                false,
                false,
                new KeyUsages(
                        Set.of(Usage.DIGITAL_SIGNATURE, Usage.KEY_ENCIPHERMENT, Usage.KEY_AGREEMENT),
                        List.of(Purpose.SERVER_AUTH, Purpose.CLIENT_AUTH)));
        Profile signing = new Profile(
                "signing",
                "content commitment",
                Duration.ofDays(30),
                true,
                false,
                new KeyUsages(Set.of(Usage.NON_REPUDIATION, Usage.DATA_ENCIPHERMENT), List.of(Purpose.CLIENT_AUTH)));
        List<Profile> all = new ArrayList<>(Profiles.builtInList(Duration.ofDays(90)));
        all.add(mtls);
        all.add(signing);
        issuer = new CertificateIssuer(
                ca, IssuanceConfig.defaults(), CLOCK, Fixtures.seededRandom(31), new Profiles(all, "classic"));
    }

    private static X509Certificate leaf(String profile, KeyPair key) throws Exception {
        IssuedCertificate issued = issuer.issue(
                key.getPublic(),
                List.of(Identifier.dns("ku.example")),
                null,
                null,
                issuer.profiles().find(profile).orElseThrow());
        return Pem.toX509(issued.leafDer());
    }

    /** RFC 5280 §4.2.1.3 bit names of the leaf's key usage, in bit order. */
    private static List<String> usages(X509Certificate leaf) {
        String[] names = {
            "digitalSignature",
            "nonRepudiation",
            "keyEncipherment",
            "dataEncipherment",
            "keyAgreement",
            "keyCertSign",
            "cRLSign",
            "encipherOnly",
            "decipherOnly"
        };
        boolean[] bits = leaf.getKeyUsage();
        List<String> set = new ArrayList<>();
        for (int i = 0; i < bits.length; i++) {
            if (bits[i]) {
                set.add(names[i]);
            }
        }
        return set;
    }

    @Test
    void classicGivesKeyEnciphermentToRsaKeysOnlyAndServerAuthOnly() throws Exception {
        assertThat(usages(leaf("classic", RSA))).containsExactly("digitalSignature", "keyEncipherment");
        assertThat(usages(leaf("classic", EC))).containsExactly("digitalSignature");
        assertThat(leaf("classic", RSA).getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    }

    @Test
    void tlsserverAndShortlivedGiveDigitalSignatureOnlyEvenToRsaKeys() throws Exception {
        for (String profile : List.of("tlsserver", "shortlived")) {
            X509Certificate leaf = leaf(profile, RSA);
            assertThat(usages(leaf)).as(profile).containsExactly("digitalSignature");
            assertThat(leaf.getExtendedKeyUsage()).as(profile).containsExactly(SERVER_AUTH);
        }
    }

    @Test
    void anOperatorProfileGivesEachKeyTypeTheUsagesThatFitIt() throws Exception {
        X509Certificate ec = leaf("mtls", EC);
        X509Certificate rsa = leaf("mtls", RSA);

        assertThat(usages(ec)).containsExactly("digitalSignature", "keyAgreement");
        assertThat(usages(rsa)).containsExactly("digitalSignature", "keyEncipherment");
        assertThat(ec.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
        assertThat(ec.getCriticalExtensionOIDs()).contains(KEY_USAGE);
    }

    @Test
    void nonRepudiationAloneIsEnoughAndDataEnciphermentGoesToRsaKeysOnly() throws Exception {
        assertThat(usages(leaf("signing", RSA))).containsExactly("nonRepudiation", "dataEncipherment");
        assertThat(usages(leaf("signing", EC))).containsExactly("nonRepudiation");
        assertThat(leaf("signing", EC).getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    }

    @Test
    void aLeafNeverSignsCertificatesWhateverTheProfile() throws Exception {
        for (Profile p : issuer.profiles().all()) {
            for (KeyPair key : List.of(EC, RSA)) {
                assertThat(usages(leaf(p.name(), key)))
                        .as("%s, %s", p.name(), key.getPublic().getAlgorithm())
                        .doesNotContain("keyCertSign", "cRLSign");
                assertThat(leaf(p.name(), key).getBasicConstraints()).isEqualTo(-1);
            }
        }
    }
}
