package dev.cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.conformance.ConformanceReport;
import dev.cairn.conformance.Rule;
import dev.cairn.conformance.Violation;
import dev.cairn.server.CairnConfig;
import dev.cairn.testing.Knobs;
import dev.cairn.testing.LoopbackCa;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A deliberately misbehaving raw client: each protocol mistake it makes shows up in its
 * account's conformance report (management API and Java API), while Cairn answers exactly as
 * it always does. Finalize is slowed (test mode) so that there is a Retry-After to ignore.
 */
class ConformanceReportTest {
    /** Long enough that a poll sent at once is always early, whatever the clock's fraction of a second. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    static LoopbackCa ca;
    static RawAcme acme;
    static AcmeFlow flow;

    @BeforeAll
    static void start() throws Exception {
        ca = LoopbackCa.start(b -> b.testing(Knobs.off().slowFinalize(1).build())
                .timings(CairnConfig.Timings.defaults().withRetryAfter(RETRY_AFTER)));
        acme = new RawAcme(ca.server());
        flow = new AcmeFlow(acme, ca.http01());
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    /** {@code GET /clients/{account URL, percent-encoded}/report} on the management API. */
    static JsonNode report(String account) throws Exception {
        HttpResponse<String> r = acme.get(
                ca.server().adminUrl() + "/clients/" + URLEncoder.encode(account, StandardCharsets.UTF_8) + "/report");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return RawAcme.json(r);
    }

    static List<String> rules(JsonNode report) {
        List<String> ids = new ArrayList<>();
        report.get("violations").forEach(v -> ids.add(v.get("rule").asText()));
        return ids;
    }

    private static HttpResponse<String> send(String url, ObjectNode header, String payload, KeyPair key)
            throws Exception {
        return acme.postRaw(url, "application/jose+json", bytes(RawAcme.jws(key, header, payload)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMisbehavingClientFindsEveryMistakeInItsReport() throws Exception {
        AcmeFlow.Acct a = flow.account();
        KeyPair key = a.key();
        String kid = a.kid();
        AcmeFlow.Created order = flow.newOrder(a, "misbehaving.test");
        String orderUrl = order.url();
        String authzUrl = order.order().get("authorizations").get(0).asText();

        ObjectNode once = acme.header(key, kid, acme.nonce(), orderUrl);
        assertThat(send(orderUrl, once, "", key).statusCode()).isEqualTo(200);
        assertThat(send(orderUrl, once, "", key).statusCode())
                .as("nonce used twice")
                .isEqualTo(400);
        assertThat(send(orderUrl, acme.header(key, kid, null, orderUrl), "", key)
                        .statusCode())
                .as("no nonce")
                .isEqualTo(400);
        assertThat(send(orderUrl, acme.header(key, kid, acme.nonce(), authzUrl), "", key)
                        .statusCode())
                .as("url of another resource")
                .isEqualTo(403);
        String jws = RawAcme.jws(key, acme.header(key, kid, acme.nonce(), orderUrl), "");
        assertThat(acme.postRaw(orderUrl, "application/json", bytes(jws)).statusCode())
                .isEqualTo(415);
        assertThat(acme.get(orderUrl).statusCode()).as("GET, not POST-as-GET").isEqualTo(405);
        assertThat(flow.post(orderUrl, a, "{}").statusCode())
                .as("{} to read an order")
                .isEqualTo(400);
        ObjectNode unprotected =
                (ObjectNode) RawAcme.JSON.readTree(RawAcme.jws(key, acme.header(key, kid, acme.nonce(), orderUrl), ""));
        unprotected.putObject("header").put("kid", kid);
        assertThat(acme.postRaw(orderUrl, "application/jose+json", bytes(unprotected.toString()))
                        .statusCode())
                .isEqualTo(400);
        assertThat(acme.post(acme.url("newOrder"), key, null, AcmeFlow.identifiers("jwk.test"))
                        .statusCode())
                .as("jwk instead of kid")
                .isEqualTo(400);
        ObjectNode wrongAlg = acme.header(key, kid, acme.nonce(), orderUrl).put("alg", "ES384");
        assertThat(send(orderUrl, wrongAlg, "", key).statusCode()).isEqualTo(400);
        ObjectNode tampered =
                (ObjectNode) RawAcme.JSON.readTree(RawAcme.jws(key, acme.header(key, kid, acme.nonce(), orderUrl), ""));
        tampered.put("payload", RawAcme.b64(bytes("{}")));
        assertThat(acme.postRaw(orderUrl, "application/jose+json", bytes(tampered.toString()))
                        .statusCode())
                .as("signature over another payload")
                .isEqualTo(400);
        assertThat(flow.post(kid, a, "{\"contact\":[\"mailto:admin@example.com?subject=hi\"]}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(flow.post(acme.url("newOrder").replace("new-order", "order/no-such-order"), a, "")
                        .statusCode())
                .isEqualTo(404);

        // Tolerated outside strict mode, and answered as usual, but still mistakes.
        String jwsWithParams = RawAcme.jws(key, acme.header(key, kid, acme.nonce(), orderUrl), "");
        assertThat(acme.postRaw(orderUrl, "application/jose+json; charset=utf-8", bytes(jwsWithParams))
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> withReplayNonce = acme.http.send(
                HttpRequest.newBuilder(URI.create(orderUrl))
                        .header("Content-Type", "application/jose+json")
                        .header("Replay-Nonce", acme.nonce())
                        .POST(HttpRequest.BodyPublishers.ofString(
                                RawAcme.jws(key, acme.header(key, kid, acme.nonce(), orderUrl), "")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withReplayNonce.statusCode()).isEqualTo(200);
        assertThat(postWithoutUserAgent(orderUrl, RawAcme.jws(key, acme.header(key, kid, acme.nonce(), orderUrl), "")))
                .startsWith("HTTP/1.1 200");
        String challengeUrl = flow.primeHttp01(a, authzUrl);
        assertThat(flow.post(challengeUrl, a, "{\"keyAuthorization\":\"what draft-02 sent\"}")
                        .statusCode())
                .isEqualTo(200);

        // The last request to the authorization: {} instead of POST-as-GET, then a made-up nonce never retried.
        assertThat(flow.post(authzUrl, a, "{}").statusCode()).isEqualTo(400);
        assertThat(send(authzUrl, acme.header(key, kid, "AAAAAAAAAAAAAAAAAAAAAA", authzUrl), "", key)
                        .statusCode())
                .isEqualTo(400);

        JsonNode report = report(kid);
        assertThat(report.get("account").asText()).isEqualTo(kid);
        assertThat(report.get("clean").asBoolean()).isFalse();
        assertThat(rules(report))
                .containsExactlyInAnyOrder(
                        "nonce-reused",
                        "nonce-missing",
                        "url-mismatch",
                        "content-type",
                        "method-not-allowed",
                        "post-as-get-payload",
                        "jws-malformed",
                        "key-form",
                        "alg-invalid",
                        "signature-invalid",
                        "forbidden-field",
                        "url-not-provided",
                        "content-type",
                        "replay-nonce-header",
                        "user-agent-missing",
                        "challenge-response",
                        "post-as-get-payload",
                        "nonce-unknown");
        assertThat(report.get("counts").get("post-as-get-payload").asInt()).isEqualTo(2);
        assertThat(report.get("awaitingRetry"))
                .as("the badNonce answers for the order were retried; the last one for the authorization was not")
                .singleElement()
                .satisfies(r -> assertThat(r.get("url").asText()).isEqualTo(authzUrl));
        for (JsonNode v : report.get("violations")) {
            assertThat(v.get("section").asText()).startsWith("RFC ");
            assertThat(v.get("detail").asText()).isNotBlank();
            assertThat(v.get("time").asText()).isNotBlank();
            assertThat(v.has("clientAddress")).isFalse();
        }
    }

    @Test
    void anUnsignedGetIsAttributedToTheAccountThatOwnsTheResource() throws Exception {
        AcmeFlow.Acct a = flow.account();
        AcmeFlow.Created order = flow.newOrder(a, "get.test");

        assertThat(acme.get(order.url()).statusCode()).isEqualTo(405);
        assertThat(acme.get(order.order().get("authorizations").get(0).asText()).statusCode())
                .isEqualTo(405);

        ConformanceReport report = ca.server().conformanceReport(a.kid());
        assertThat(report.violations())
                .extracting(Violation::rule)
                .containsExactly(Rule.METHOD_NOT_ALLOWED, Rule.METHOD_NOT_ALLOWED);
        assertThat(report.violations()).extracting(Violation::method).containsOnly("GET");
    }

    @Test
    void requestsThatNameNoAccountAreReportedAsAnonymousWithTheClientAddress() throws Exception {
        KeyPair stranger = RawAcme.ecKey("secp256r1");
        String madeUpKid = acme.url("newAccount").replace("new-account", "acct/no-such-account");
        HttpResponse<String> r = acme.post(acme.url("newOrder"), stranger, madeUpKid, AcmeFlow.identifiers("x.test"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(acme.postRaw(acme.url("newOrder"), "application/jose+json", bytes("a.b.c"))
                        .statusCode())
                .isEqualTo(400);

        JsonNode report = report("anonymous");
        assertThat(report.get("account").isNull()).isTrue();
        assertThat(rules(report)).contains("account-unknown", "jws-malformed");
        for (JsonNode v : report.get("violations")) {
            assertThat(v.get("clientAddress").asText()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void pollingAProcessingOrderBeforeItsRetryAfterIsReported() throws Exception {
        AcmeFlow.Acct a = flow.account();
        AcmeFlow.Created ready = flow.readyOrder(a, "impatient.test");
        HttpResponse<String> finalized = flow.post(
                ready.order().get("finalize").asText(),
                a,
                "{\"csr\":\"" + RawAcme.b64(AcmeFlow.csr(RawAcme.ecKey("secp256r1"), "impatient.test")) + "\"}");
        assertThat(RawAcme.json(finalized).get("status").asText()).isEqualTo("processing");
        assertThat(finalized.headers().firstValue("Retry-After")).hasValue("5");
        int before = (int) ca.server().conformanceReport(a.kid()).count(Rule.RETRY_AFTER_IGNORED);

        assertThat(flow.post(ready.url(), a, "").statusCode())
                .as("polled at once")
                .isEqualTo(200);

        ConformanceReport report = ca.server().conformanceReport(a.kid());
        assertThat(report.count(Rule.RETRY_AFTER_IGNORED)).isEqualTo(before + 1L);
        assertThat(report.violations().get(report.violations().size() - 1).detail())
                .contains(ready.url())
                .contains("Retry-After of 5 s");
    }

    @Test
    void anAlternateChainIsFineOnceOfferedInALinkHeaderButNotWhenGuessed() throws Exception {
        AcmeFlow.Acct a = flow.account();
        String certUrl = flow.issue(a, RawAcme.ecKey("secp256r1"), "chains.test")
                .get("certificate")
                .asText();

        assertThat(flow.post(certUrl + "/alt/1", a, "").statusCode())
                .as("guessed")
                .isEqualTo(200);
        assertThat(ca.server().conformanceReport(a.kid()).count(Rule.URL_NOT_PROVIDED))
                .isEqualTo(1);

        HttpResponse<String> cert = flow.post(certUrl, a, "");
        assertThat(cert.headers().allValues("Link"))
                .anySatisfy(l -> assertThat(l).contains(certUrl + "/alt/1"));
        assertThat(flow.post(certUrl + "/alt/1", a, "").statusCode())
                .as("followed")
                .isEqualTo(200);
        assertThat(ca.server().conformanceReport(a.kid()).count(Rule.URL_NOT_PROVIDED))
                .isEqualTo(1);
    }

    @Test
    void aKeyChangeWithANonceInTheInnerJwsIsAForbiddenField() throws Exception {
        AcmeFlow.Acct a = flow.account();
        KeyPair newKey = RawAcme.ecKey("secp256r1");
        String url = acme.url("keyChange");
        ObjectNode inner = acme.header(newKey, null, acme.nonce(), url);
        String innerJws =
                RawAcme.jws(newKey, inner, "{\"account\":\"" + a.kid() + "\",\"oldKey\":" + RawAcme.jwk(a.key()) + "}");

        assertThat(flow.post(url, a, innerJws).statusCode()).isEqualTo(400);

        assertThat(ca.server().conformanceReport(a.kid()).violations())
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.rule()).isEqualTo(Rule.FORBIDDEN_FIELD);
                    assertThat(v.section()).isEqualTo("RFC 8555 §7.3.5");
                });
    }

    @Test
    void aWellBehavedRawClientLeavesItsReportClean() throws Exception {
        AcmeFlow.Acct a = flow.account();
        AcmeFlow.Created order = flow.newOrder(a, "polite.test");
        String authz = order.order().get("authorizations").get(0).asText();
        flow.fetch(order.url(), a);
        JsonNode challenge = flow.fetch(authz, a).get("challenges").get(0);
        flow.fetch(challenge.get("url").asText(), a);
        flow.fetch(flow.fetch(a.kid(), a).get("orders").asText(), a);
        assertThat(flow.post(a.kid(), a, "{\"contact\":[\"mailto:polite@example.com\"]}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(flow.post(authz, a, "{\"status\":\"deactivated\"}").statusCode())
                .isEqualTo(200);
        assertThat(acme.send("HEAD", acme.url("newNonce")).statusCode()).isEqualTo(200);

        JsonNode report = report(a.kid());
        assertThat(report.get("clean").asBoolean()).as(report.toPrettyString()).isTrue();
        assertThat(report.get("violations")).isEmpty();
        assertThat(ca.server().conformanceReport(a.kid()).clean()).isTrue();
    }

    /** A signed POST over a raw TLS socket, without the User-Agent every HTTP library adds. */
    private static String postWithoutUserAgent(String url, String body) throws Exception {
        URI uri = URI.create(url);
        byte[] bytes = bytes(body);
        try (SSLSocket socket = (SSLSocket)
                RawAcme.trusting(ca.server()).getSocketFactory().createSocket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                            + "\r\nContent-Type: application/jose+json\r\nContent-Length: " + bytes.length
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
