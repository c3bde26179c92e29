package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.testing.Acme4jSessions;
import dev.cairn.testing.Knobs;
import dev.cairn.testing.LoopbackCa;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;

/** Test mode and fault injection as acme4j, a real client, sees them. */
class Acme4jTestModeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    static LoopbackCa start(UnaryOperator<Knobs> knobs) throws Exception {
        return LoopbackCa.start(b -> b.testing(knobs.apply(Knobs.off()).build()));
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static Login login(LoopbackCa ca) throws Exception {
        return new AccountBuilder()
                .agreeToTermsOfService()
                .useKeyPair(ecKey())
                .createLogin(Acme4jSessions.session(ca.server()));
    }

    static Order issue(LoopbackCa ca, Login login, String name) throws Exception {
        Order order = login.getAccount().newOrder().domain(name).create();
        for (Authorization authz : order.getAuthorizations()) {
            if (authz.getStatus() == Status.VALID) {
                continue;
            }
            Http01Challenge challenge =
                    authz.findChallenge(Http01Challenge.class).orElseThrow();
            ca.http01().put(challenge.getToken(), challenge.getAuthorization());
            challenge.trigger();
            assertThat(authz.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        }
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
        order.execute(ecKey());
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        assertThat(order.getCertificate().getCertificateChain()).isNotEmpty();
        return order;
    }

    @Test
    void acme4jStillGetsCertificatesWhenAFifthOfNoncesAreRejected() throws Exception {
        try (LoopbackCa ca = start(k -> k.nonceReject(20).seed(4))) {
            Login login = login(ca);
            for (int i = 0; i < 3; i++) {
                issue(ca, login, "nonce" + i + ".test");
            }
        }
    }

    @Test
    void acme4jWaitsThroughSlowFinalizeAndValidationDelay() throws Exception {
        try (LoopbackCa ca = start(k -> k.slowFinalize(2).validationDelay("600-1200"))) {
            issue(ca, login(ca), "slow.test");
        }
    }

    @Test
    void acme4jSeesRateLimitedWithRetryAfter() throws Exception {
        try (LoopbackCa ca = start(k -> k.fault("newOrder:429:100"))) {
            Login login = login(ca);
            assertThatThrownBy(() ->
                            login.getAccount().newOrder().domain("limited.test").create())
                    .isInstanceOfSatisfying(
                            AcmeRateLimitedException.class,
                            e -> assertThat(e.getRetryAfter()).isPresent());
        }
    }

    @Test
    void acme4jSeesServiceUnavailableAsAServerProblem() throws Exception {
        try (LoopbackCa ca = start(k -> k.fault("finalize:503:100"))) {
            Login login = login(ca);
            Order order = login.getAccount().newOrder().domain("down.test").create();
            Authorization authz = order.getAuthorizations().get(0);
            Http01Challenge challenge =
                    authz.findChallenge(Http01Challenge.class).orElseThrow();
            ca.http01().put(challenge.getToken(), challenge.getAuthorization());
            challenge.trigger();
            assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
            assertThatThrownBy(() -> order.execute(ecKey()))
                    .isInstanceOf(AcmeServerException.class)
                    .hasMessageContaining("--fault finalize:503:100");
        }
    }

    @Test
    void acme4jSeesTheAuthorizationReusedAtFullReuseOnly() throws Exception {
        try (LoopbackCa ca = start(k -> k.authzReuse(0))) {
            Login login = login(ca);
            issue(ca, login, "again.test");
            Order second = login.getAccount().newOrder().domain("again.test").create();
            assertThat(second.getAuthorizations().get(0).getStatus()).isEqualTo(Status.PENDING);
        }
        try (LoopbackCa ca = start(k -> k.authzReuse(100))) {
            Login login = login(ca);
            issue(ca, login, "again.test");
            Order second = login.getAccount().newOrder().domain("again.test").create();
            assertThat(second.getAuthorizations().get(0).getStatus()).isEqualTo(Status.VALID);
        }
    }
}
