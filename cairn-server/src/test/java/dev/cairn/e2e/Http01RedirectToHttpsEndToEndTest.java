package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.challtestsrv.ChallTestServer;
import dev.cairn.challtestsrv.Http01Responder;
import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import dev.cairn.testing.Acme4jSessions;
import dev.cairn.testing.LoopbackCa;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;

/**
 * http-01 through {@code challtestsrv}'s redirect to its {@code -https01} listener: Cairn follows
 * a redirect to https on a port it is configured for (here the tls-alpn-01 port, as Boulder's
 * rule allows), does not check the self-signed certificate, and finds the key authorization.
 */
class Http01RedirectToHttpsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PATH = "/.well-known/acme-challenge/";
    static ChallTestServer challtestsrv;
    static CairnServer cairn;

    @BeforeAll
    static void start() throws Exception {
        challtestsrv = ChallTestServer.start(ChallTestServer.Config.loopback());
        cairn = CairnServer.start(CairnConfig.builder()
                .forTests()
                .dnsResolver(new InetSocketAddress("127.0.0.1", challtestsrv.dnsPort()))
                .http01Port(challtestsrv.http01Port())
                .tlsAlpn01Port(challtestsrv.https01Port())
                .build());
    }

    @AfterAll
    static void stop() {
        if (cairn != null) {
            cairn.close();
        }
        challtestsrv.close();
    }

    static Login login() throws Exception {
        return new AccountBuilder()
                .agreeToTermsOfService()
                .useKeyPair(LoopbackCa.ecKey())
                .createLogin(Acme4jSessions.session(cairn));
    }

    /** Serves the challenge over https only, behind a redirect from http to {@code target}. */
    static Authorization answerBehindRedirect(Order order, String name, String target) throws Exception {
        Authorization authz = order.getAuthorizations().get(0);
        Http01Challenge challenge = authz.findChallenge(Http01Challenge.class).orElseThrow();
        Http01Responder responder = challtestsrv.http01();
        responder.addHttp01(challenge.getToken(), challenge.getAuthorization());
        responder.addRedirect(PATH + challenge.getToken(), target.replace("TOKEN", challenge.getToken()));
        challenge.trigger();
        authz.waitForCompletion(WAIT);
        return authz;
    }

    @Test
    void aRedirectToTheHttpsResponderValidatesAndTheHttpsRequestCarriesTheName() throws Exception {
        String name = "redirected.test";
        Order order = login().getAccount().newOrder().domain(name).create();

        Authorization authz = answerBehindRedirect(
                order, name, "https://" + name + ":" + challtestsrv.https01Port() + PATH + "TOKEN");

        assertThat(authz.getStatus()).isEqualTo(Status.VALID);
        List<Http01Responder.HttpRequest> seen = challtestsrv.http01().requests(name);
        assertThat(seen).extracting(Http01Responder.HttpRequest::https).containsExactly(false, true);
        assertThat(seen.get(1).serverName()).isEqualTo(name);
        assertThat(seen.get(1).method()).isEqualTo("GET");
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
    }

    @Test
    void aRedirectToAnHttpsPortCairnDoesNotFollowFailsTheChallenge() throws Exception {
        String name = "elsewhere.test";
        Order order = login().getAccount().newOrder().domain(name).create();

        Authorization authz = answerBehindRedirect(order, name, "https://" + name + ":1" + PATH + "TOKEN");

        assertThat(authz.getStatus()).isEqualTo(Status.INVALID);
        assertThat(authz.getChallenges().get(0).getError())
                .hasValueSatisfying(p -> assertThat(p.getDetail().orElse("")).contains("only ports"));
        assertThat(challtestsrv.http01().requests(name))
                .extracting(Http01Responder.HttpRequest::https)
                .containsOnly(false);
    }
}
