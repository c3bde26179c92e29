package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testing.LoopbackCa;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Responding to and reading challenges (RFC 8555 §7.5.1, catalog CHAL-02, -04, -06). */
class ChallengeTest {
    static LoopbackCa ca;
    static AcmeFlow flow;
    static AcmeFlow.Acct account;

    @BeforeAll
    static void start() throws Exception {
        ca = LoopbackCa.start();
        flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
        account = flow.account();
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    static String firstAuthz(AcmeFlow.Created order) {
        return order.order().get("authorizations").get(0).asText();
    }

    static String upLink(HttpResponse<String> r) {
        return r.headers().allValues("Link").stream()
                .filter(l -> l.contains("rel=\"up\""))
                .findFirst()
                .orElse("");
    }

    @Test
    void respondingAnswers200ProcessingOrValidWithAnUpLinkAndRetryAfterWhileProcessing() throws Exception {
        String authz = firstAuthz(flow.newOrder(account, "respond.chal.test"));
        String challenge = flow.primeHttp01(account, authz);
        HttpResponse<String> r = flow.post(challenge, account, "{}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = RawAcme.json(r);
        assertThat(body.get("status").asText()).isIn("processing", "valid");
        assertThat(body.get("url").asText()).isEqualTo(challenge);
        assertThat(body.get("type").asText()).isEqualTo("http-01");
        assertThat(upLink(r)).isEqualTo("<" + authz + ">;rel=\"up\"");
        if (body.get("status").asText().equals("processing")) {
            assertThat(r.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(v).matches("[1-9][0-9]*"));
        }
        flow.awaitStatus(authz, account, "valid");
        JsonNode valid = flow.fetch(challenge, account);
        assertThat(valid.get("status").asText()).isEqualTo("valid");
        assertThat(valid.get("validated").asText()).endsWith("Z");

        HttpResponse<String> again = flow.post(challenge, account, "{}");
        assertThat(again.statusCode())
                .as("a retried response gets the current state")
                .isEqualTo(200);
        assertThat(RawAcme.json(again).get("status").asText()).isEqualTo("valid");
        assertThat(again.headers().firstValue("Retry-After")).isEmpty();
        assertThat(upLink(again)).contains(authz);
    }

    @Test
    void postAsGetReadsAChallengeWithoutChangingIt() throws Exception {
        String authz = firstAuthz(flow.newOrder(account, "read.chal.test"));
        String challenge = flow.primeHttp01(account, authz);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = flow.post(challenge, account, "");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(RawAcme.json(r).get("status").asText()).isEqualTo("pending");
            assertThat(upLink(r)).contains(authz);
            assertThat(r.headers().firstValue("Retry-After")).isEmpty();
        }
        assertThat(flow.fetch(authz, account).get("status").asText()).isEqualTo("pending");
    }

    @Test
    void anotherAccountsChallengeIsUnauthorizedAndStaysPending() throws Exception {
        String authz = firstAuthz(flow.newOrder(account, "private.chal.test"));
        String challenge = flow.primeHttp01(account, authz);
        AcmeFlow.Acct stranger = flow.account();
        assertProblem(flow.post(challenge, stranger, "{}"), 403, "unauthorized");
        assertProblem(flow.post(challenge, stranger, ""), 403, "unauthorized");
        assertThat(flow.fetch(challenge, account).get("status").asText()).isEqualTo("pending");
    }

    @Test
    void unknownChallengeIs404() throws Exception {
        String authz = firstAuthz(flow.newOrder(account, "unknown.chal.test"));
        String challenge = flow.primeHttp01(account, authz);
        String unknown = challenge.substring(0, challenge.lastIndexOf('/') + 1) + "nope";
        assertProblem(flow.post(unknown, account, "{}"), 404, "malformed");
        assertProblem(flow.post(unknown, account, ""), 404, "malformed");
    }

    @Test
    void getOnAChallengeIsMethodNotAllowed() throws Exception {
        String authz = firstAuthz(flow.newOrder(account, "get.chal.test"));
        assertProblem(flow.acme.get(flow.primeHttp01(account, authz)), 405, "malformed");
    }
}
