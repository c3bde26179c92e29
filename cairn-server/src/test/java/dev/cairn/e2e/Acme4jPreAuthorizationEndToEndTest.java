package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.testing.Acme4jSessions;
import dev.cairn.testing.LoopbackCa;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeServerException;

/** acme4j's pre-authorization (RFC 8555 §7.4.1) against Cairn: the later order needs no challenge. */
class Acme4jPreAuthorizationEndToEndTest {
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

    static Account newAccount() throws Exception {
        return new AccountBuilder()
                .agreeToTermsOfService()
                .useKeyPair(ecKey())
                .create(Acme4jSessions.session(ca.server()));
    }

    @Test
    void preAuthorizedNameIsIssuedWithoutAnotherChallenge() throws Exception {
        Account account = newAccount();
        Authorization authz = account.preAuthorizeDomain("x.test");
        assertThat(authz.getStatus()).isEqualTo(Status.PENDING);
        assertThat(authz.getIdentifier().getDomain()).isEqualTo("x.test");
        Http01Challenge challenge = authz.findChallenge(Http01Challenge.class).orElseThrow();
        ca.http01().put(challenge.getToken(), challenge.getAuthorization());
        challenge.trigger();
        assertThat(authz.waitForCompletion(WAIT)).isEqualTo(Status.VALID);

        Order order = account.newOrder().domain("x.test").create();

        assertThat(order.getStatus()).isEqualTo(Status.READY);
        assertThat(order.getAuthorizations())
                .extracting(Authorization::getLocation)
                .containsExactly(authz.getLocation());
        order.execute(ecKey());
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        assertThat(order.getCertificate().getCertificate().getSubjectAlternativeNames())
                .extracting(n -> String.valueOf(n.get(1)))
                .containsExactly("x.test");
    }

    @Test
    void aWildcardIsRefusedAsARejectedIdentifier() throws Exception {
        Account account = newAccount();
        assertThatThrownBy(() -> account.preAuthorizeDomain("*.x.test"))
                .isInstanceOfSatisfying(
                        AcmeServerException.class,
                        e -> assertThat(e.getProblem().getType().toString()).endsWith(":rejectedIdentifier"));
    }
}
