package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.faults.Fault;
import dev.cairn.faults.FaultInjector;
import dev.cairn.testing.Knobs;
import dev.cairn.testing.LoopbackCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Fault injection (Pebble issue #399), slow finalize and flapping validation, seen over HTTP. */
class FaultInjectionTest {

    static LoopbackCa start(UnaryOperator<Knobs> knobs) throws Exception {
        return LoopbackCa.start(b -> b.testing(knobs.apply(Knobs.off()).build())
                .timings(dev.cairn.server.CairnConfig.Timings.defaults().withRetryAfter(Duration.ofSeconds(7))));
    }

    static void assertNonce(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Replay-Nonce")).as("Replay-Nonce").isPresent();
    }

    @Test
    void fault503AnswersServiceUnavailableWithRetryAfterAndAFreshNonce() throws Exception {
        try (LoopbackCa ca = start(k -> k.fault("newOrder:503:100"))) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            HttpResponse<String> r = flow.post(flow.acme.url("newOrder"), a, AcmeFlow.identifiers("f.test"));
            assertProblem(r, 503, "serverInternal");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
            assertNonce(r);
            assertThat(RawAcme.json(r).get("detail").asText()).contains("newOrder:503:100");
        }
    }

    @Test
    void fault429IsRateLimitedWithRetryAfterAndAFreshNonce() throws Exception {
        try (LoopbackCa ca = start(k -> k.fault("newAccount:429:100"))) {
            RawAcme acme = new RawAcme(ca.server());
            HttpResponse<String> r = acme.post(
                    acme.url("newAccount"), RawAcme.ecKey("secp256r1"), null, "{\"termsOfServiceAgreed\":true}");
            assertProblem(r, 429, "rateLimited");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
            assertNonce(r);
        }
    }

    @Test
    void fault500IsServerInternalWithAFreshNonceAndNoRetryAfter() throws Exception {
        try (LoopbackCa ca = start(k -> k.fault("order:500:100"))) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            AcmeFlow.Created order = flow.newOrder(a, "five.test");
            HttpResponse<String> r = flow.post(order.url(), a, "");
            assertProblem(r, 500, "serverInternal");
            assertThat(r.headers().firstValue("Retry-After")).isEmpty();
            assertNonce(r);
        }
    }

    @Test
    void starFaultsEveryEndpointButNotTheDirectory() throws Exception {
        try (LoopbackCa ca = start(k -> k.fault("*:503:100"))) {
            RawAcme acme = new RawAcme(ca.server());
            assertThat(acme.get(ca.server().directoryUrl().toString()).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> head = acme.send("HEAD", acme.url("newNonce"));
            assertThat(head.statusCode()).isEqualTo(503);
            assertThat(head.headers().firstValue("Retry-After")).hasValue("7");
            HttpResponse<String> post = acme.postRaw(acme.url("newAccount"), "application/jose+json", "{}".getBytes());
            assertProblem(post, 503, "serverInternal");
            assertNonce(post);
            HttpResponse<String> revoke =
                    acme.postRaw(acme.url("revokeCert"), "application/jose+json", "{}".getBytes());
            assertThat(revoke.statusCode()).isEqualTo(503);
        }
    }

    @Test
    void aFaultOnOneEndpointLeavesTheOthersAlone() throws Exception {
        try (LoopbackCa ca = start(k -> k.fault("keyChange:500:100"))) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            flow.issue(a, RawAcme.ecKey("secp256r1"), "alone.test");
        }
    }

    @Test
    void aPartialFaultHitsSomeRequestsAndTheSameSeedHitsTheSameOnes() {
        List<Boolean> first = rolls(7);
        assertThat(first).contains(true, false);
        assertThat(rolls(7)).isEqualTo(first);
        assertThat(rolls(8)).isNotEqualTo(first);
    }

    private static List<Boolean> rolls(long seed) {
        FaultInjector injector = new FaultInjector(List.of(Fault.parse("newOrder:503:30")), new Random(seed));
        List<Boolean> hits = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Optional<Fault> f = injector.roll(i % 2 == 0 ? "newOrder" : "order");
            hits.add(f.isPresent());
        }
        return hits;
    }

    @Test
    void managementApiShowsAndReplacesTheFaultsAtRunTime() throws Exception {
        try (LoopbackCa ca = start(k -> k.fault("newOrder:503:100"))) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            HttpClient http =
                    HttpClient.newBuilder().sslContext(ca.trustingContext()).build();
            URI faults = URI.create(ca.server().adminUrl() + "/faults");

            HttpResponse<String> get =
                    http.send(HttpRequest.newBuilder(faults).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(200);
            JsonNode rules = RawAcme.json(get).get("faults");
            assertThat(rules).hasSize(1);
            assertThat(rules.get(0).get("endpoint").asText()).isEqualTo("newOrder");
            assertThat(rules.get(0).get("kind").asText()).isEqualTo("503");
            assertThat(rules.get(0).get("percent").asInt()).isEqualTo(100);
            assertThat(flow.post(flow.acme.url("newOrder"), a, AcmeFlow.identifiers("m.test"))
                            .statusCode())
                    .isEqualTo(503);

            HttpResponse<String> bad = http.send(
                    HttpRequest.newBuilder(faults)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"faults\":[\"nowhere:503:5\"]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("nowhere");

            HttpResponse<String> post = http.send(
                    HttpRequest.newBuilder(faults)
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            "{\"faults\":[\"finalize:429:100\",{\"endpoint\":\"*\",\"kind\":\"500\",\"percent\":0}]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
            assertThat(RawAcme.json(post).get("faults")).hasSize(2);
            AcmeFlow.Created ready = flow.readyOrder(a, "m.test");
            HttpResponse<String> fin = flow.post(
                    ready.order().get("finalize").asText(),
                    a,
                    "{\"csr\":\"" + RawAcme.b64(AcmeFlow.csr(RawAcme.ecKey("secp256r1"), "m.test")) + "\"}");
            assertProblem(fin, 429, "rateLimited");

            http.send(
                    HttpRequest.newBuilder(faults)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"faults\":[]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(flow.post(
                                    ready.order().get("finalize").asText(),
                                    a,
                                    "{\"csr\":\"" + RawAcme.b64(AcmeFlow.csr(RawAcme.ecKey("secp256r1"), "m.test"))
                                            + "\"}")
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void slowFinalizeShowsProcessingForNPollsThenValid() throws Exception {
        try (LoopbackCa ca = start(k -> k.slowFinalize(3))) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            AcmeFlow.Created ready = flow.readyOrder(a, "slow.test");
            KeyPair key = RawAcme.ecKey("secp256r1");
            HttpResponse<String> fin = flow.post(
                    ready.order().get("finalize").asText(),
                    a,
                    "{\"csr\":\"" + RawAcme.b64(AcmeFlow.csr(key, "slow.test")) + "\"}");
            assertThat(RawAcme.json(fin).get("status").asText()).isEqualTo("processing");
            for (int poll = 1; poll <= 3; poll++) {
                HttpResponse<String> r = flow.post(ready.url(), a, "");
                JsonNode order = RawAcme.json(r);
                assertThat(order.get("status").asText()).as("poll " + poll).isEqualTo("processing");
                assertThat(order.has("certificate")).isFalse();
                assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
            }
            JsonNode valid = flow.fetch(ready.url(), a);
            assertThat(valid.get("status").asText()).isEqualTo("valid");
            assertThat(valid.get("certificate").asText()).isNotBlank();
        }
    }

    @Test
    void flakyValidationFailsTheChallengeWithAConnectionProblem() throws Exception {
        try (LoopbackCa ca = start(k -> k.flakyValidation(100))) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            AcmeFlow.Created order = flow.newOrder(a, "flaky.test");
            String authz = order.order().get("authorizations").get(0).asText();
            flow.post(flow.primeHttp01(a, authz), a, "{}");
            JsonNode invalid = awaitStatus(flow, authz, a, "invalid");
            JsonNode challenge = invalid.get("challenges").findValues("error").get(0);
            assertThat(challenge.get("type").asText()).isEqualTo("urn:ietf:params:acme:error:connection");
            assertThat(challenge.get("detail").asText()).contains("--flaky-validation");
        }
    }

    @Test
    void flakyValidationAtZeroNeverFails() throws Exception {
        try (LoopbackCa ca = start(k -> k.flakyValidation(0))) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            flow.readyOrder(flow.account(), "steady.test");
        }
    }

    static JsonNode awaitStatus(AcmeFlow flow, String url, AcmeFlow.Acct a, String status) throws Exception {
        for (int i = 0; i < 400; i++) {
            JsonNode r = flow.fetch(url, a);
            if (status.equals(r.get("status").asText())) {
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(url + " never became " + status);
    }
}
