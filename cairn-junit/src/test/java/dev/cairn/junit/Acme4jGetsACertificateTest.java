package dev.cairn.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Dns01Challenge;

/**
 * What a client developer writes: a plain JUnit test, no Docker, nothing beyond loopback. The CA
 * really validates: http-01 through the in-process responder, dns-01 through the mock DNS.
 */
@ExtendWith(CairnExtension.class)
class Acme4jGetsACertificateTest {

    @Test
    void acme4jGetsACertificateThroughHttp01(CairnCa ca) throws Exception {
        long started = System.nanoTime();
        Login login = Acme4j.newAccount(ca);
        Order order = Acme4j.issue(ca, login, "www.example.test", "example.test");
        List<X509Certificate> chain = order.getCertificate().getCertificateChain();
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        // Reported, never asserted: docs/performance.md quotes it.
        System.out.println("acme4j account + http-01 order + certificate in " + elapsedMs + " ms");

        X509Certificate leaf = chain.get(0);
        assertThat(Acme4j.sans(leaf)).containsExactlyInAnyOrder("www.example.test", "example.test");
        X509Certificate last = chain.get(chain.size() - 1);
        X509Certificate root = ca.issuingRoots().stream()
                .filter(r -> r.getSubjectX500Principal().equals(last.getIssuerX500Principal()))
                .findFirst()
                .orElseThrow();
        for (int i = 0; i < chain.size(); i++) {
            chain.get(i).verify((i + 1 < chain.size() ? chain.get(i + 1) : root).getPublicKey());
        }
        assertThat(ca.challenges().http01().requests("www.example.test")).isNotEmpty();
    }

    @Test
    void acme4jGetsAWildcardThroughDns01(CairnCa ca) throws Exception {
        Login login = Acme4j.newAccount(ca);
        Order order = login.getAccount().newOrder().domain("*.wild.test").create();
        Authorization authz = order.getAuthorizations().get(0);
        Dns01Challenge challenge = authz.findChallenge(Dns01Challenge.class).orElseThrow();
        ca.challenges().dns().setTxt("_acme-challenge.wild.test", challenge.getDigest());
        challenge.trigger();
        assertThat(authz.waitForCompletion(Acme4j.WAIT)).isEqualTo(Status.VALID);
        assertThat(order.waitUntilReady(Acme4j.WAIT)).isEqualTo(Status.READY);
        order.execute(Acme4j.ecKey());
        assertThat(order.waitForCompletion(Acme4j.WAIT)).isEqualTo(Status.VALID);
        assertThat(Acme4j.sans(order.getCertificate().getCertificate())).containsExactly("*.wild.test");
    }

    @Test
    void aChallengeNobodyAnsweredFailsValidation(CairnCa ca) throws Exception {
        Login login = Acme4j.newAccount(ca);
        Order order = login.getAccount().newOrder().domain("unanswered.test").create();
        Authorization authz = order.getAuthorizations().get(0);
        authz.findChallenge(org.shredzone.acme4j.challenge.Http01Challenge.class)
                .orElseThrow()
                .trigger();
        assertThat(authz.waitForCompletion(Acme4j.WAIT)).isEqualTo(Status.INVALID);
    }
}
