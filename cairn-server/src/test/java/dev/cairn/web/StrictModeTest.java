package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.LoopbackCa;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code strict(true)} refuses that the default accepts (catalog §2.1, CT, CHAL-03,
 * NONCE): Content-Type parameters, members in a challenge response, and a Replay-Nonce
 * request header. Each behaviour is checked on a strict and on a lenient server.
 */
class StrictModeTest {
    static LoopbackCa strictCa;
    static LoopbackCa lenientCa;
    static AcmeFlow strict;
    static AcmeFlow lenient;
    static AcmeFlow.Acct strictAccount;
    static AcmeFlow.Acct lenientAccount;

    @BeforeAll
    static void start() throws Exception {
        strictCa = LoopbackCa.start(b -> b.strict(true));
        lenientCa = LoopbackCa.start();
        strict = new AcmeFlow(new RawAcme(strictCa.server()), strictCa.http01());
        lenient = new AcmeFlow(new RawAcme(lenientCa.server()), lenientCa.http01());
        strictAccount = strict.account();
        lenientAccount = lenient.account();
    }

    @AfterAll
    static void stop() {
        strictCa.close();
        lenientCa.close();
    }

    static HttpResponse<String> postAsGet(AcmeFlow flow, AcmeFlow.Acct a, String contentType, String replayNonceHeader)
            throws Exception {
        String body = RawAcme.jws(a.key(), flow.acme.header(a.key(), a.kid(), flow.acme.nonce(), a.kid()), "");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(a.kid()))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", contentType);
        if (replayNonceHeader != null) {
            b.header("Replay-Nonce", replayNonceHeader);
        }
        return flow.acme.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void contentTypeWithACharsetIs415InStrictModeOnly() throws Exception {
        String withCharset = "application/jose+json; charset=utf-8";
        HttpResponse<String> refused = postAsGet(strict, strictAccount, withCharset, null);
        assertProblem(refused, 415, "malformed");
        assertThat(refused.headers().firstValue("Replay-Nonce")).isPresent();
        assertThat(postAsGet(lenient, lenientAccount, withCharset, null).statusCode())
                .isEqualTo(200);
        assertThat(postAsGet(strict, strictAccount, "application/jose+json", null)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void replayNonceRequestHeaderIsMalformedInStrictModeOnly() throws Exception {
        String headerNonce = strict.acme.nonce();
        assertProblem(postAsGet(strict, strictAccount, "application/jose+json", headerNonce), 400, "malformed");
        assertThat(postAsGet(lenient, lenientAccount, "application/jose+json", lenient.acme.nonce())
                        .statusCode())
                .isEqualTo(200);
    }

    static String pendingHttp01Challenge(AcmeFlow flow, AcmeFlow.Acct a, String name) throws Exception {
        String authz =
                flow.newOrder(a, name).order().get("authorizations").get(0).asText();
        return flow.primeHttp01(a, authz);
    }

    @Test
    void challengeResponseWithAKeyAuthorizationMemberIsMalformedInStrictModeAndIgnoredOtherwise() throws Exception {
        String strictChallenge = pendingHttp01Challenge(strict, strictAccount, "strict.test");
        assertProblem(strict.post(strictChallenge, strictAccount, "{\"keyAuthorization\":\"x\"}"), 400, "malformed");
        assertThat(strict.fetch(strictChallenge, strictAccount).get("status").asText())
                .isEqualTo("pending");
        HttpResponse<String> exact = strict.post(strictChallenge, strictAccount, "{}");
        assertThat(exact.statusCode()).as(exact.body()).isEqualTo(200);

        String lenientChallenge = pendingHttp01Challenge(lenient, lenientAccount, "lenient.test");
        HttpResponse<String> ignored = lenient.post(lenientChallenge, lenientAccount, "{\"keyAuthorization\":\"x\"}");
        assertThat(ignored.statusCode()).as(ignored.body()).isEqualTo(200);
        assertThat(RawAcme.json(ignored).get("status").asText()).isIn("processing", "valid");
        String authz = ignored.headers().allValues("Link").stream()
                .filter(l -> l.contains("rel=\"up\""))
                .map(l -> l.substring(1, l.indexOf('>')))
                .findFirst()
                .orElseThrow();
        lenient.awaitStatus(authz, lenientAccount, "valid");
    }
}
