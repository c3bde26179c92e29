package dev.cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testing.LoopbackCa;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code --vary sync}: a challenge or finalize response either waits until the work is done
 * (valid at once) or answers {@code processing} and the client polls (RFC 8555 §7.4, §7.5.1
 * allow both).
 */
class SyncVariationTest {
    record Answers(JsonNode challenge, HttpResponse<String> finalized, String orderUrl) {}

    /** One order for {@code name}: the challenge response and the finalize response, as answered. */
    static Answers order(AcmeFlow flow, AcmeFlow.Acct a, String name) throws Exception {
        AcmeFlow.Created created = flow.newOrder(a, name);
        String authzUrl = created.order().get("authorizations").get(0).asText();
        HttpResponse<String> challenged = flow.post(flow.primeHttp01(a, authzUrl), a, "{}");
        assertThat(challenged.statusCode()).isEqualTo(200);
        flow.awaitStatus(created.url(), a, "ready");
        KeyPair key = RawAcme.ecKey("secp256r1");
        HttpResponse<String> finalized = flow.post(
                created.order().get("finalize").asText(),
                a,
                "{\"csr\":\"" + RawAcme.b64(AcmeFlow.csr(key, name)) + "\"}");
        assertThat(finalized.statusCode()).isEqualTo(200);
        return new Answers(RawAcme.json(challenged), finalized, created.url());
    }

    @Test
    void synchronouslyTheChallengeAndTheOrderAreValidInTheResponse() throws Exception {
        long seed = Varied.seed("sync", "run", v -> v.syncValidation() && v.syncFinalization());
        try (LoopbackCa ca = Varied.start("sync", "run", seed)) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            Answers answers = order(flow, flow.account(), "sync.test");
            assertThat(answers.challenge().get("status").asText()).isEqualTo("valid");
            assertThat(answers.challenge().has("validated")).isTrue();
            JsonNode order = RawAcme.json(answers.finalized());
            assertThat(order.get("status").asText()).isEqualTo("valid");
            assertThat(order.has("certificate")).isTrue();
            assertThat(answers.finalized().headers().firstValue("Retry-After")).isEmpty();
        }
    }

    @Test
    void asynchronouslyBothAnswerProcessingAndTheClientPolls() throws Exception {
        long seed = Varied.seed("sync", "run", v -> !v.syncValidation() && !v.syncFinalization());
        try (LoopbackCa ca = Varied.start("sync", "run", seed)) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            Answers answers = order(flow, a, "async.test");
            assertThat(answers.challenge().get("status").asText()).isEqualTo("processing");
            assertThat(answers.challenge().has("validated")).isFalse();
            JsonNode order = RawAcme.json(answers.finalized());
            assertThat(order.get("status").asText()).isEqualTo("processing");
            assertThat(order.has("certificate")).isFalse();
            assertThat(answers.finalized().headers().firstValue("Retry-After")).contains("1");
            assertThat(flow.awaitStatus(answers.orderUrl(), a, "valid").has("certificate"))
                    .isTrue();

            // a challenge the client has seen valid is never shown processing again
            String challengeUrl = answers.challenge().get("url").asText();
            assertThat(flow.fetch(challengeUrl, a).get("status").asText()).isEqualTo("valid");
            assertThat(RawAcme.json(flow.post(challengeUrl, a, "{}"))
                            .get("status")
                            .asText())
                    .isEqualTo("valid");
        }
    }

    @Test
    void perResponseSomeAnswersWaitAndOthersDoNot() throws Exception {
        try (LoopbackCa ca = Varied.start("sync", "request", 4)) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            Set<String> challengeAnswers = new HashSet<>();
            Set<String> finalizeAnswers = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                Answers answers = order(flow, a, "each" + i + ".test");
                challengeAnswers.add(answers.challenge().get("status").asText());
                finalizeAnswers.add(
                        RawAcme.json(answers.finalized()).get("status").asText());
                flow.awaitStatus(answers.orderUrl(), a, "valid");
            }
            assertThat(challengeAnswers).containsExactlyInAnyOrder("valid", "processing");
            assertThat(finalizeAnswers).containsExactlyInAnyOrder("valid", "processing");
        }
    }
}
