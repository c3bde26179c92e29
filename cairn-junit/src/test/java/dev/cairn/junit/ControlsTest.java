package dev.cairn.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;

/** The controls a test has over its CA, each seen by acme4j. */
@ExtendWith(CairnExtension.class)
class ControlsTest {

    @Test
    void injectedFaultsReachTheClientAndCanBeLifted(CairnCa ca) throws Exception {
        Login login = Acme4j.newAccount(ca);
        ca.injectFaults("newOrder:429:100");
        assertThatThrownBy(() ->
                        login.getAccount().newOrder().domain("limited.test").create())
                .isInstanceOfSatisfying(
                        AcmeRateLimitedException.class,
                        e -> assertThat(e.getRetryAfter()).isPresent());
        ca.injectFaults("newOrder:503:100");
        assertThatThrownBy(
                        () -> login.getAccount().newOrder().domain("down.test").create())
                .isInstanceOf(AcmeServerException.class);
        ca.injectFaults();
        assertThat(Acme4j.issue(ca, login, "fine.test").getStatus()).isEqualTo(Status.VALID);
    }

    @Test
    void movingTheClockDatesTheCertificate(CairnCa ca) throws Exception {
        Login login = Acme4j.newAccount(ca);
        ca.clock().advance(Duration.ofDays(30));
        Instant caNow = ca.clock().instant();
        X509Certificate cert =
                Acme4j.issue(ca, login, "later.test").getCertificate().getCertificate();
        assertThat(cert.getNotBefore().toInstant())
                .isBetween(caNow.minus(Duration.ofHours(2)), caNow.plus(Duration.ofMinutes(5)));
        assertThat(cert.getNotBefore().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(29)));
    }

    @Test
    void movingTheClockPastAnOrdersLifetimeExpiresIt(CairnCa ca) throws Exception {
        Login login = Acme4j.newAccount(ca);
        Order order = login.getAccount().newOrder().domain("forgotten.test").create();
        assertThat(order.getStatus()).isEqualTo(Status.PENDING);
        ca.clock().advance(Duration.ofDays(8));
        order.fetch();
        assertThat(order.getStatus()).isEqualTo(Status.INVALID);
    }

    @Test
    void aBadOptionStopsStartUpNamingIt() {
        assertThatThrownBy(() -> CairnCa.start("--ca-key", "dsa-512"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dsa-512");
        assertThatThrownBy(() -> CairnCa.start("--no-such-option"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--no-such-option");
    }

    @Test
    void aCaStartedByHandWithOptionsIssuesWithoutAnyChallengeWork() throws Exception {
        try (CairnCa ca = CairnCa.start("--always-valid", "--cert-lifetime", "1h")) {
            Login login = Acme4j.newAccount(ca);
            Order order = login.getAccount().newOrder().domain("free.test").create();
            order.getAuthorizations()
                    .get(0)
                    .findChallenge("http-01")
                    .orElseThrow()
                    .trigger();
            assertThat(order.waitUntilReady(Acme4j.WAIT)).isEqualTo(Status.READY);
            order.execute(Acme4j.ecKey());
            assertThat(order.waitForCompletion(Acme4j.WAIT)).isEqualTo(Status.VALID);
            X509Certificate cert = order.getCertificate().getCertificate();
            assertThat(Duration.between(
                            cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                    .isLessThanOrEqualTo(Duration.ofHours(2));
            assertThat(ca.challenges().http01().requests()).isEmpty();
        }
    }
}
