package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.testing.LoopbackCa;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Metadata;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeServerException;

/** acme4j 4.0's profile support (draft-ietf-acme-profiles) against Cairn. */
class Acme4jProfilesEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    static LoopbackCa ca;

    @BeforeAll
    static void start() throws Exception {
        ca = LoopbackCa.start();
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    static KeyPair ecKey() {
        return LoopbackCa.ecKey();
    }

    static Login newLogin() throws Exception {
        return ca.newLogin();
    }

    static X509Certificate complete(Order order) throws Exception {
        for (Authorization authz : order.getAuthorizations()) {
            Http01Challenge c = authz.findChallenge(Http01Challenge.class).orElseThrow();
            ca.http01().put(c.getToken(), c.getAuthorization());
            c.trigger();
            assertThat(authz.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        }
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
        order.execute(ecKey());
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        return order.getCertificate().getCertificate();
    }

    @Test
    void acme4jSeesTheThreeBuiltInProfiles() throws Exception {
        Metadata meta = newLogin().getSession().getMetadata();

        assertThat(meta.isProfileAllowed()).isTrue();
        assertThat(meta.getProfiles()).containsExactlyInAnyOrder("classic", "tlsserver", "shortlived");
        assertThat(meta.isProfileAllowed("tlsserver")).isTrue();
        assertThat(meta.getProfileDescription("shortlived"))
                .hasValueSatisfying(d -> assertThat(d).contains("160 hours"));
    }

    @Test
    void acme4jOrdersATlsserverCertificate() throws Exception {
        Order order = newLogin()
                .getAccount()
                .newOrder()
                .domain("profile-tlsserver.test")
                .profile("tlsserver")
                .create();
        assertThat(order.getProfile()).isEqualTo("tlsserver");

        X509Certificate leaf = complete(order);

        assertThat(Duration.between(
                        leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(45).minusSeconds(1));
        assertThat(leaf.getSubjectX500Principal().getName()).isEmpty();
    }

    @Test
    void acme4jGetsAShortlivedIpCertificateWithoutAskingForAProfile() throws Exception {
        Order order = newLogin()
                .getAccount()
                .newOrder()
                .identifier(Identifier.ip("127.0.0.1"))
                .create();
        assertThat(order.getProfile()).isEqualTo("shortlived");

        X509Certificate leaf = complete(order);

        assertThat(Duration.between(
                        leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofHours(160).minusSeconds(1));
    }

    @Test
    void acme4jGetsInvalidProfileForAnIpAddressUnderClassic() throws Exception {
        Login login = newLogin();
        assertThat(login.getSession().getMetadata().isProfileAllowed("nope")).isFalse();

        assertThatThrownBy(() -> login.getAccount()
                        .newOrder()
                        .identifier(Identifier.ip("127.0.0.1"))
                        .profile("classic")
                        .create())
                .isInstanceOfSatisfying(
                        AcmeServerException.class,
                        e -> assertThat(e.getType())
                                .isEqualTo(URI.create("urn:ietf:params:acme:error:invalidProfile")));
    }
}
