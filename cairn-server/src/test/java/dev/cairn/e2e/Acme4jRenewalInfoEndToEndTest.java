package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.testing.LoopbackCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.toolbox.AcmeUtils;

/** acme4j 4.0's ARI support (RFC 9773) against Cairn: read the window, order a replacement once. */
class Acme4jRenewalInfoEndToEndTest {
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

    static Certificate complete(Order order) throws Exception {
        for (Authorization authz : order.getAuthorizations()) {
            if (authz.getStatus() != Status.VALID) {
                Http01Challenge c = authz.findChallenge(Http01Challenge.class).orElseThrow();
                ca.http01().put(c.getToken(), c.getAuthorization());
                c.trigger();
                assertThat(authz.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
            }
        }
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
        order.execute(ecKey());
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        return order.getCertificate();
    }

    @Test
    void acme4jReadsTheRenewalWindowOfAFreshCertificate() throws Exception {
        Login login = newLogin();
        Certificate cert =
                complete(login.getAccount().newOrder().domain("ari-window.test").create());

        assertThat(cert.hasRenewalInfo()).isTrue();
        RenewalInfo info = cert.getRenewalInfo();
        info.fetch();

        X509Certificate leaf = cert.getCertificate();
        Instant notAfter = leaf.getNotAfter().toInstant();
        Duration lifetime = Duration.between(leaf.getNotBefore().toInstant(), notAfter);
        assertThat(info.getSuggestedWindowStart())
                .isBefore(info.getSuggestedWindowEnd())
                .isAfterOrEqualTo(notAfter.minus(lifetime.dividedBy(3)).minusSeconds(1));
        assertThat(info.getSuggestedWindowEnd()).isBefore(notAfter);
        assertThat(info.getRetryAfter()).isPresent();
        assertThat(info.renewalIsNotRequired(Instant.now())).isTrue();
    }

    @Test
    void acme4jOrdersAReplacementOnceAndTheSecondIsAlreadyReplaced() throws Exception {
        Login login = newLogin();
        Certificate cert = complete(
                login.getAccount().newOrder().domain("ari-replace.test").create());

        Order replacement = login.getAccount()
                .newOrder()
                .domain("ari-replace.test")
                .replaces(cert)
                .create();
        Certificate renewed = complete(replacement);
        assertThat(renewed.getCertificate().getSerialNumber())
                .isNotEqualTo(cert.getCertificate().getSerialNumber());

        assertThatThrownBy(() -> login.getAccount()
                        .newOrder()
                        .domain("ari-replace.test")
                        .replaces(cert)
                        .create())
                .isInstanceOfSatisfying(
                        AcmeServerException.class,
                        e -> assertThat(e.getType())
                                .isEqualTo(URI.create("urn:ietf:params:acme:error:alreadyReplaced")));
    }

    @Test
    void acme4jSeesAWindowTheOperatorSetInThePastAndThatRenewalIsDue() throws Exception {
        Login login = newLogin();
        Certificate cert = complete(
                login.getAccount().newOrder().domain("ari-operator.test").create());
        Instant start = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(Duration.ofDays(1));
        String body = "{\"certificate\":\"" + AcmeUtils.getRenewalUniqueIdentifier(cert.getCertificate())
                + "\",\"start\":\"" + start + "\",\"end\":\"" + end
                + "\",\"explanationURL\":\"https://ca.test/incident/1\"}";
        HttpResponse<String> set = HttpClient.newBuilder()
                .sslContext(ca.trustingContext())
                .build()
                .send(
                        HttpRequest.newBuilder(ca.server().adminUrl().resolve("/renewal-info"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

        RenewalInfo info = cert.getRenewalInfo();
        info.fetch();

        assertThat(info.getSuggestedWindowStart()).isEqualTo(start);
        assertThat(info.getSuggestedWindowEnd()).isEqualTo(end);
        assertThat(info.getExplanation())
                .contains(URI.create("https://ca.test/incident/1").toURL());
        assertThat(info.renewalIsOverdue(Instant.now())).isTrue();
        assertThat(info.renewalIsNotRequired(Instant.now())).isFalse();
        Certificate renewed = complete(login.getAccount()
                .newOrder()
                .domain("ari-operator.test")
                .replaces(cert)
                .create());
        assertThat(renewed.getCertificate().getSerialNumber())
                .isNotEqualTo(cert.getCertificate().getSerialNumber());
    }

    @Test
    void acme4jSeesThatARevokedCertificateIsOverdueForRenewal() throws Exception {
        Login login = newLogin();
        Certificate cert = complete(
                login.getAccount().newOrder().domain("ari-revoked.test").create());
        cert.revoke();

        RenewalInfo info = cert.getRenewalInfo();
        info.fetch();

        assertThat(info.renewalIsOverdue(Instant.now())).isTrue();
    }
}
