package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.issuance.KeyUsages;
import dev.cairn.issuance.Profile;
import dev.cairn.server.CairnConfig;
import dev.cairn.testing.LoopbackCa;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;

/** An operator profile with its own key usages, ordered and checked with acme4j. */
class Acme4jProfileKeyUsagesEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    static LoopbackCa ca;

    @BeforeAll
    static void start() throws Exception {
        KeyUsages usages = new KeyUsages(
                KeyUsages.parseKeyUsages("digitalSignature+keyEncipherment"),
                KeyUsages.parseExtendedKeyUsages("serverAuth+clientAuth"));
        Profile mtls =
                new Profile("mtls", "Mutual TLS: " + usages.describe(), Duration.ofDays(30), false, false, usages);
        CairnConfig.Ca d = CairnConfig.Ca.defaults();
        ca = LoopbackCa.start(b ->
                b.ca(new CairnConfig.Ca(d.keyAlgorithm(), d.alternateRoots(), d.chainLength(), List.of(mtls), null)));
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    static X509Certificate order(String profile, String name, KeyPair key) throws Exception {
        Login login = ca.newLogin();
        Order order =
                login.getAccount().newOrder().domain(name).profile(profile).create();
        assertThat(order.getProfile()).isEqualTo(profile);
        return ca.complete(order, key, WAIT).getCertificate();
    }

    static KeyPair rsaKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    @Test
    void theDirectoryDescribesTheOperatorProfileWithItsUsages() throws Exception {
        assertThat(ca.newLogin().getSession().getMetadata().getProfileDescription("mtls"))
                .hasValueSatisfying(d -> assertThat(d).contains("serverAuth, clientAuth"));
    }

    @Test
    void anRsaCertificateUnderTheOperatorProfileCarriesItsKeyUsagesAndBothPurposes() throws Exception {
        X509Certificate leaf = order("mtls", "mtls-rsa.test", rsaKey());

        boolean[] ku = leaf.getKeyUsage();
        assertThat(ku[0]).as("digitalSignature").isTrue();
        assertThat(ku[2]).as("keyEncipherment").isTrue();
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
        assertThat(leaf.getSubjectX500Principal().getName()).isEmpty();
    }

    @Test
    void anEcCertificateUnderTheSameProfileHasNoKeyEncipherment() throws Exception {
        X509Certificate leaf = order("mtls", "mtls-ec.test", LoopbackCa.ecKey());

        boolean[] ku = leaf.getKeyUsage();
        assertThat(ku[0]).as("digitalSignature").isTrue();
        assertThat(ku[2]).as("keyEncipherment").isFalse();
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
    }

    @Test
    void theBuiltInTlsserverProfileStaysServerAuthOnlyWithoutKeyEncipherment() throws Exception {
        X509Certificate leaf = order("tlsserver", "tlsserver-rsa.test", rsaKey());

        assertThat(leaf.getKeyUsage()[2]).as("keyEncipherment").isFalse();
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    }
}
