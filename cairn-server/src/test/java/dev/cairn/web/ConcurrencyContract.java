package dev.cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.testing.LoopbackCa;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue 3: racing requests on the same objects cannot break the state machine, on every
 * storage backend. Each race releases all its requests at once from a latch.
 */
abstract class ConcurrencyContract {
    static final int RACERS = 12;

    abstract LoopbackCa ca();

    AcmeFlow flow() throws Exception {
        return new AcmeFlow(new RawAcme(ca().server()), ca().http01());
    }

    /** Runs every task at the same instant and returns their results in order. */
    static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void racingReplacementsOfOneCertificateCreateOneOrder() throws Exception {
        AcmeFlow flow = flow();
        AcmeFlow.Acct a = flow.account();
        JsonNode issued = flow.issue(a, RawAcme.ecKey("secp256r1"), "race-replace.test");
        String pem = flow.post(issued.get("certificate").asText(), a, "").body();
        String certId = RenewalInformationTest.certId(RenewalInformationTest.parse(pem));
        String newOrderUrl = flow.acme.url("newOrder");
        String payload = "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"race-replace.test\"}]," + "\"replaces\":\""
                + certId + "\"}";
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            byte[] body = RawAcme.jws(
                            a.key(), flow.acme.header(a.key(), a.kid(), flow.acme.nonce(), newOrderUrl), payload)
                    .getBytes(StandardCharsets.UTF_8);
            tasks.add(() -> flow.acme
                    .postRaw(newOrderUrl, "application/jose+json", body)
                    .statusCode());
        }
        List<Integer> statuses = race(tasks);
        assertThat(statuses.stream().filter(s -> s == 201).count())
                .as(statuses.toString())
                .isEqualTo(1);
        assertThat(statuses).allMatch(s -> s == 201 || s == 409);
    }

    @Test
    void racingFinalizeRequestsGiveOneCertificate() throws Exception {
        AcmeFlow flow = flow();
        AcmeFlow.Acct a = flow.account();
        AcmeFlow.Created ready = flow.readyOrder(a, "race-finalize.test");
        String finalizeUrl = ready.order().get("finalize").asText();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            KeyPair certKey = RawAcme.ecKey("secp256r1");
            String csr = RawAcme.b64(AcmeFlow.csr(certKey, "race-finalize.test"));
            bodies.add(RawAcme.jws(
                    a.key(),
                    flow.acme.header(a.key(), a.kid(), flow.acme.nonce(), finalizeUrl),
                    "{\"csr\":\"" + csr + "\"}"));
        }
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (String body : bodies) {
            tasks.add(() -> flow.acme
                    .postRaw(finalizeUrl, "application/jose+json", body.getBytes(StandardCharsets.UTF_8))
                    .statusCode());
        }
        List<Integer> statuses = race(tasks);
        assertThat(statuses.stream().filter(s -> s == 200).count())
                .as(statuses.toString())
                .isEqualTo(1);
        assertThat(statuses).allMatch(s -> s == 200 || s == 403);
        JsonNode valid = flow.awaitStatus(ready.url(), a, "valid");
        HttpResponse<String> cert = flow.post(valid.get("certificate").asText(), a, "");
        assertThat(cert.statusCode()).isEqualTo(200);
    }

    @Test
    void racingChallengeResponsesStartOneValidation() throws Exception {
        AcmeFlow flow = flow();
        AcmeFlow.Acct a = flow.account();
        AcmeFlow.Created order = flow.newOrder(a, "race-challenge.test");
        String authzUrl = order.order().get("authorizations").get(0).asText();
        String challengeUrl = flow.primeHttp01(a, authzUrl);
        String token = flow.fetch(challengeUrl, a).get("token").asText();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            bodies.add(RawAcme.jws(a.key(), flow.acme.header(a.key(), a.kid(), flow.acme.nonce(), challengeUrl), "{}"));
        }
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (String body : bodies) {
            tasks.add(() -> flow.acme
                    .postRaw(challengeUrl, "application/jose+json", body.getBytes(StandardCharsets.UTF_8))
                    .statusCode());
        }
        assertThat(race(tasks)).allMatch(s -> s == 200);
        flow.awaitStatus(authzUrl, a, "valid");
        assertThat(ca().http01().hits(token)).isEqualTo(1);
    }

    @Test
    void racingKeyChangesLeaveTheAccountWithExactlyOneNewKey() throws Exception {
        AcmeFlow flow = flow();
        AcmeFlow.Acct a = flow.account();
        String keyChange = flow.acme.url("keyChange");
        List<KeyPair> newKeys = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            KeyPair newKey = RawAcme.ecKey("secp256r1");
            newKeys.add(newKey);
            ObjectNode innerHeader = flow.acme.header(newKey, null, null, keyChange);
            ObjectNode innerPayload = RawAcme.JSON.createObjectNode();
            innerPayload.put("account", a.kid());
            innerPayload.set("oldKey", RawAcme.jwk(a.key()));
            String inner = RawAcme.jws(newKey, innerHeader, innerPayload.toString());
            bodies.add(RawAcme.jws(a.key(), flow.acme.header(a.key(), a.kid(), flow.acme.nonce(), keyChange), inner));
        }
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (String body : bodies) {
            tasks.add(() -> flow.acme
                    .postRaw(keyChange, "application/jose+json", body.getBytes(StandardCharsets.UTF_8))
                    .statusCode());
        }
        List<Integer> statuses = race(tasks);
        assertThat(statuses.stream().filter(s -> s == 200).count())
                .as(statuses.toString())
                .isEqualTo(1);
        KeyPair winner = newKeys.get(statuses.indexOf(200));
        assertThat(flow.acme.post(a.kid(), winner, a.kid(), "").statusCode()).isEqualTo(200);
        for (KeyPair loser : newKeys) {
            if (loser != winner) {
                assertThat(flow.acme.post(a.kid(), loser, a.kid(), "").statusCode())
                        .isNotEqualTo(200);
            }
        }
        assertThat(flow.acme.post(a.kid(), a.key(), a.kid(), "").statusCode()).isNotEqualTo(200);
    }
}
