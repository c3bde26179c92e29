package dev.cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transport, JWS and nonce rules of RFC 8555 §6 and §7.2, against a running Cairn. */
class ProtocolErrorsTest {
    static CairnServer server;
    static RawAcme acme;
    static KeyPair key;
    static String kid;

    @BeforeAll
    static void start() throws Exception {
        server = CairnServer.start(CairnConfig.builder().forTests().build());
        acme = new RawAcme(server);
        key = RawAcme.ecKey("secp256r1");
        kid = acme.newAccount(key);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void assertProblem(HttpResponse<String> r, int status, String type) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode body = RawAcme.json(r);
        assertThat(body.get("type").asText()).isEqualTo("urn:ietf:params:acme:error:" + type);
        assertThat(body.get("detail").asText()).isNotBlank();
        assertThat(body.get("status").asInt()).isEqualTo(status);
    }

    @Test
    void directoryListsEveryResourceAndMetaWithoutIndexLink() throws Exception {
        HttpResponse<String> r = acme.get(server.directoryUrl().toString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode dir = RawAcme.json(r);
        for (String name :
                new String[] {"newNonce", "newAccount", "newOrder", "revokeCert", "keyChange", "newAuthz", "renewalInfo"
                }) {
            assertThat(dir.get(name).asText()).startsWith("https://");
        }
        JsonNode meta = dir.get("meta");
        assertThat(meta.get("termsOfService").asText()).isNotBlank();
        assertThat(meta.get("website").asText()).isNotBlank();
        assertThat(meta.get("caaIdentities").isArray()).isTrue();
        assertThat(meta.get("externalAccountRequired").asBoolean()).isFalse();
        assertThat(r.headers().allValues("Link")).noneMatch(l -> l.contains("rel=\"index\""));
    }

    @Test
    void headNewNonceAnswers200WithNoStoreAndIndexLink() throws Exception {
        HttpResponse<String> r = acme.send("HEAD", acme.url("newNonce"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Replay-Nonce"))
                .hasValueSatisfying(n -> assertThat(n).matches("[A-Za-z0-9_-]+"));
        assertThat(r.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(c -> assertThat(c).contains("no-store"));
        assertThat(r.headers().allValues("Link")).anyMatch(l -> l.contains("rel=\"index\""));
    }

    @Test
    void getNewNonceAnswers204WithNoStore() throws Exception {
        HttpResponse<String> r = acme.get(acme.url("newNonce"));
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Replay-Nonce")).isPresent();
        assertThat(r.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(c -> assertThat(c).contains("no-store"));
    }

    @Test
    void getOnAPostOnlyResourceIs405Malformed() throws Exception {
        HttpResponse<String> r = acme.get(acme.url("newOrder"));
        assertProblem(r, 405, "malformed");
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertThat(acme.get(kid).statusCode()).isEqualTo(405);
    }

    @Test
    void wrongContentTypeIs415WithAFreshNonce() throws Exception {
        String body = RawAcme.jws(key, acme.header(key, kid, acme.nonce(), acme.url("newOrder")), "{}");
        HttpResponse<String> r =
                acme.postRaw(acme.url("newOrder"), "application/json", body.getBytes(StandardCharsets.UTF_8));
        assertProblem(r, 415, "malformed");
        assertThat(r.headers().firstValue("Replay-Nonce")).isPresent();
        assertThat(r.headers().allValues("Link")).anyMatch(l -> l.contains("rel=\"index\""));
    }

    @Test
    void compactSerializationIsMalformed() throws Exception {
        HttpResponse<String> r = acme.postRaw(
                acme.url("newOrder"),
                "application/jose+json",
                "eyJhbGciOiJFUzI1NiJ9.e30.c2ln".getBytes(StandardCharsets.US_ASCII));
        assertProblem(r, 400, "malformed");
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        HttpResponse<String> r = acme.postRaw(acme.url("newOrder"), "application/jose+json", new byte[200_000]);
        assertProblem(r, 413, "malformed");
        assertThat(r.headers().firstValue("Replay-Nonce")).isPresent();
    }

    @Test
    void nonceIsRejectedOnSecondUse() throws Exception {
        String body = RawAcme.jws(key, acme.header(key, kid, acme.nonce(), kid), "");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThat(acme.postRaw(kid, "application/jose+json", bytes).statusCode())
                .isEqualTo(200);
        assertProblem(acme.postRaw(kid, "application/jose+json", bytes), 400, "badNonce");
    }

    @Test
    void madeUpNonceIsBadNonceAndTheAnswersNonceWorks() throws Exception {
        HttpResponse<String> r = acme.postRaw(
                kid,
                "application/jose+json",
                RawAcme.jws(key, acme.header(key, kid, "AAAA", kid), "").getBytes(StandardCharsets.UTF_8));
        assertProblem(r, 400, "badNonce");
        String fresh = r.headers().firstValue("Replay-Nonce").orElseThrow();
        HttpResponse<String> retry = acme.postRaw(
                kid,
                "application/jose+json",
                RawAcme.jws(key, acme.header(key, kid, fresh, kid), "").getBytes(StandardCharsets.UTF_8));
        assertThat(retry.statusCode()).isEqualTo(200);
    }

    @Test
    void missingNonceIsBadNonce() throws Exception {
        HttpResponse<String> r = acme.postRaw(
                kid,
                "application/jose+json",
                RawAcme.jws(key, acme.header(key, kid, null, kid), "").getBytes(StandardCharsets.UTF_8));
        assertProblem(r, 400, "badNonce");
    }

    @Test
    void nonceIsSpentEvenWhenTheRequestFailsLater() throws Exception {
        String body =
                RawAcme.jws(key, acme.header(key, kid, acme.nonce(), acme.url("newOrder")), "{\"identifiers\":[]}");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertProblem(acme.postRaw(acme.url("newOrder"), "application/jose+json", bytes), 400, "malformed");
        assertProblem(acme.postRaw(acme.url("newOrder"), "application/jose+json", bytes), 400, "badNonce");
    }

    @Test
    void macAlgorithmIsBadSignatureAlgorithmListingTheAlgorithms() throws Exception {
        ObjectNode h = acme.header(key, kid, acme.nonce(), kid);
        h.put("alg", "HS256");
        HttpResponse<String> r = acme.postRaw(
                kid, "application/jose+json", RawAcme.jws(key, h, "").getBytes(StandardCharsets.UTF_8));
        assertProblem(r, 400, "badSignatureAlgorithm");
        assertThat(RawAcme.json(r).get("algorithms").toString()).contains("ES256", "RS256", "EdDSA");
    }

    @Test
    void algorithmThatDoesNotFitTheKeyIsRefused() throws Exception {
        ObjectNode h = acme.header(key, kid, acme.nonce(), kid);
        h.put("alg", "ES384");
        HttpResponse<String> r = acme.postRaw(
                kid, "application/jose+json", RawAcme.jws(key, h, "").getBytes(StandardCharsets.UTF_8));
        assertProblem(r, 400, "badSignatureAlgorithm");
    }

    @Test
    void brokenSignatureIsMalformed() throws Exception {
        String jws = RawAcme.jws(key, acme.header(key, kid, acme.nonce(), kid), "");
        JsonNode node = RawAcme.JSON.readTree(jws);
        String sig = node.get("signature").asText();
        ((ObjectNode) node).put("signature", (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1));
        HttpResponse<String> r =
                acme.postRaw(kid, "application/jose+json", node.toString().getBytes(StandardCharsets.UTF_8));
        assertProblem(r, 400, "malformed");
    }

    @Test
    void urlHeaderThatIsNotTheRequestUrlIsUnauthorized() throws Exception {
        HttpResponse<String> r = acme.postRaw(
                kid,
                "application/jose+json",
                RawAcme.jws(key, acme.header(key, kid, acme.nonce(), kid + "x"), "")
                        .getBytes(StandardCharsets.UTF_8));
        assertProblem(r, 403, "unauthorized");
    }

    @Test
    void jwkAndKidTogetherAreMalformed() throws Exception {
        ObjectNode h = acme.header(key, kid, acme.nonce(), kid);
        h.set("jwk", RawAcme.jwk(key));
        HttpResponse<String> r = acme.postRaw(
                kid, "application/jose+json", RawAcme.jws(key, h, "").getBytes(StandardCharsets.UTF_8));
        assertProblem(r, 400, "malformed");
    }

    @Test
    void newOrderSignedWithJwkIsMalformed() throws Exception {
        assertProblem(
                acme.post(
                        acme.url("newOrder"), key, null, "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"a.test\"}]}"),
                400,
                "malformed");
    }

    @Test
    void newAccountSignedWithKidIsMalformed() throws Exception {
        assertProblem(acme.post(acme.url("newAccount"), key, kid, "{\"termsOfServiceAgreed\":true}"), 400, "malformed");
    }

    @Test
    void unknownAccountIsAccountDoesNotExist() throws Exception {
        String other = kid.substring(0, kid.length() - 2) + "zz";
        assertProblem(
                acme.post(
                        acme.url("newOrder"),
                        key,
                        other,
                        "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"a.test\"}]}"),
                400,
                "accountDoesNotExist");
    }

    @Test
    void payloadThatIsNotJsonIsMalformed() throws Exception {
        assertProblem(acme.post(acme.url("newOrder"), key, kid, "hello"), 400, "malformed");
    }

    @Test
    void unknownPathIs404Problem() throws Exception {
        assertProblem(
                acme.get(server.directoryUrl().resolve("/acme/nothing-here").toString()), 404, "malformed");
    }

    @Test
    void corsPreflightIsAnswered() throws Exception {
        HttpResponse<String> r = acme.http.send(
                java.net.http.HttpRequest.newBuilder(URI.create(acme.url("newAccount")))
                        .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://x.example")
                        .header("Access-Control-Request-Method", "POST")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    @Test
    void spoofedHostHeaderDoesNotChangeTheUrlsHandedOut() throws Exception {
        URI dir = server.directoryUrl();
        try (SSLSocket socket =
                (SSLSocket) RawAcme.trusting(server).getSocketFactory().createSocket(dir.getHost(), dir.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + dir.getPath() + " HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response)
                    .startsWith("HTTP/1.1 200")
                    .doesNotContain("evil.example")
                    .contains(dir.getHost() + ":" + dir.getPort() + "/acme/new-order");
        }
    }
}
