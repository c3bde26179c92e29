package dev.cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.testing.LoopbackCa;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No client input ever gives a 5xx: every POST endpoint gets properly signed requests with a
 * table of hostile payloads, and unsigned junk. Every refusal must be a 4xx problem document
 * (RFC 7807: {@code type}, {@code detail}, {@code status}); a payload that is a JSON object
 * may also be accepted where the RFC says unknown members are ignored (account, challenge).
 * Failures are collected so one run shows every bad answer.
 */
class HostileInputTest {
    static LoopbackCa ca;
    static AcmeFlow flow;
    static RawAcme acme;
    static AcmeFlow.Acct account;
    static Map<String, String> endpoints = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        ca = LoopbackCa.start();
        acme = new RawAcme(ca.server());
        flow = new AcmeFlow(acme, ca.http01());
        account = flow.account();
        JsonNode valid = flow.issue(account, RawAcme.ecKey("secp256r1"), "issued.hostile.test");
        AcmeFlow.Created ready = flow.readyOrder(account, "ready.hostile.test");
        AcmeFlow.Created pending = flow.newOrder(account, "pending.hostile.test");
        String authz = pending.order().get("authorizations").get(0).asText();
        endpoints.put("newNonce", acme.url("newNonce"));
        endpoints.put("newAccount", acme.url("newAccount"));
        endpoints.put("account", account.kid());
        endpoints.put("orders", account.kid() + "/orders");
        endpoints.put("newOrder", acme.url("newOrder"));
        endpoints.put("order", ready.url());
        endpoints.put("finalize", ready.order().get("finalize").asText());
        endpoints.put("authz", authz);
        endpoints.put(
                "challenge",
                flow.fetch(authz, account).get("challenges").get(0).get("url").asText());
        endpoints.put("cert", valid.get("certificate").asText());
        endpoints.put("revokeCert", acme.url("revokeCert"));
        endpoints.put("keyChange", acme.url("keyChange"));
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    /** Labels of table entries that are well-formed JSON objects although the label does not show it. */
    static final List<String> JSON_OBJECTS = List.of("60 KB string member", "40 KB string member");

    static Map<String, byte[]> hostilePayloads() {
        Map<String, byte[]> p = new LinkedHashMap<>();
        for (String json : List.of(
                "[]",
                "null",
                "\"x\"",
                "123",
                "true",
                "{\"identifiers\":\"x\"}",
                "{\"identifiers\":[1]}",
                "{\"identifiers\":[{\"type\":1,\"value\":2}]}",
                "{\"identifiers\":[{\"type\":\"dns\"}]}",
                "{\"identifiers\":[null]}",
                "{\"identifiers\":{}}",
                "{\"contact\":\"mailto:a@b.c\"}",
                "{\"contact\":[5]}",
                "{\"contact\":[null]}",
                "{\"csr\":5}",
                "{\"csr\":\"\"}",
                "{\"csr\":\"!!\"}",
                "{\"csr\":\"AAAA\"}",
                "{\"status\":5}",
                "{\"status\":\"valid\"}",
                "{\"certificate\":\"!!\"}",
                "{\"certificate\":5}",
                "{\"certificate\":\"AAAA\",\"reason\":1}",
                "{\"reason\":\"x\"}",
                "{\"reason\":1.5}",
                "{\"reason\":99999999999}",
                "{\"onlyReturnExisting\":\"yes\"}",
                "{\"termsOfServiceAgreed\":\"true\"}",
                "{\"notBefore\":5}",
                "{\"notAfter\":\"yesterday\"}",
                "{\"protected\":5,\"payload\":[],\"signature\":{}}",
                "{\"a\":1,\"a\":2}",
                "{\"s\":\"\\ud800\"}",
                "{\"s\":\"\\u0000\"}",
                "{\"unterminated\":")) {
            p.put(json, json.getBytes(StandardCharsets.UTF_8));
        }
        p.put(
                "60 KB string member",
                ("{\"identifiers\":\"" + "A".repeat(60_000) + "\"}").getBytes(StandardCharsets.US_ASCII));
        p.put("40 KB string member", ("{\"csr\":\"" + "A".repeat(40_000) + "=\"}").getBytes(StandardCharsets.US_ASCII));
        p.put("10,000 nested arrays", ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.US_ASCII));
        p.put(
                "10,000 nested arrays in a member",
                ("{\"identifiers\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}")
                        .getBytes(StandardCharsets.US_ASCII));
        p.put(
                "10,000 nested objects",
                ("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)).getBytes(StandardCharsets.US_ASCII));
        p.put("invalid UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, (byte) 0xc0, '"', '}'
        });
        p.put("invalid UTF-8 key", new byte[] {'{', '"', (byte) 0xc3, '"', ':', '1', '}'});
        p.put("NUL bytes", new byte[] {0, 0, 0, 0});
        return p;
    }

    /** An answer that is a problem document with a 4xx status, or the reason it is not. */
    static String refusalProblem(HttpResponse<String> r) {
        if (r.statusCode() < 400 || r.statusCode() > 499) {
            return "status " + r.statusCode();
        }
        if (!r.headers().firstValue("Content-Type").orElse("").equals(Replies.PROBLEM_JSON)) {
            return "Content-Type " + r.headers().firstValue("Content-Type");
        }
        try {
            JsonNode body = RawAcme.json(r);
            if (!body.path("type").asText().startsWith("urn:ietf:params:acme:error:")
                    || body.path("detail").asText().isBlank()
                    || body.path("status").asInt() != r.statusCode()) {
                return "incomplete problem";
            }
        } catch (Exception e) {
            return "body is not JSON";
        }
        return null;
    }

    static void check(List<String> failures, String what, HttpResponse<String> r, boolean mayBeAccepted) {
        String problem = refusalProblem(r);
        boolean acceptable = problem == null || (mayBeAccepted && r.statusCode() >= 200 && r.statusCode() < 300);
        if (!acceptable) {
            String body = r.body().length() > 300 ? r.body().substring(0, 300) + "…" : r.body();
            failures.add(what + " → " + problem + ": " + body);
        }
    }

    static byte[] signed(KeyPair key, String kid, String url, byte[] payload) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(
                acme.header(key, kid, acme.nonce(), url).toString().getBytes(StandardCharsets.UTF_8));
        String body = b64.encodeToString(payload);
        String sig = b64.encodeToString(RawAcme.sign(key, (header + "." + body).getBytes(StandardCharsets.US_ASCII)));
        ObjectNode jws = RawAcme.JSON.createObjectNode();
        jws.put("protected", header);
        jws.put("payload", body);
        jws.put("signature", sig);
        return jws.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void assertDirectoryStillAnswers() throws Exception {
        assertThat(acme.get(ca.server().directoryUrl().toString()).statusCode()).isEqualTo(200);
    }

    @Test
    void signedHostilePayloadsAreRefusedWithAProblemOnEveryEndpoint() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            boolean newAccount = endpoint.getKey().equals("newAccount");
            for (Map.Entry<String, byte[]> payload : hostilePayloads().entrySet()) {
                KeyPair key = newAccount ? RawAcme.ecKey("secp256r1") : account.key();
                byte[] body = signed(key, newAccount ? null : account.kid(), endpoint.getValue(), payload.getValue());
                HttpResponse<String> r = acme.postRaw(endpoint.getValue(), "application/jose+json", body);
                boolean ignoresUnknownMembers =
                        endpoint.getKey().equals("account") || endpoint.getKey().equals("challenge");
                boolean isObject = JSON_OBJECTS.contains(payload.getKey())
                        || (payload.getKey().startsWith("{")
                                && !payload.getKey().contains("unterminated"));
                check(failures, endpoint.getKey() + " " + payload.getKey(), r, ignoresUnknownMembers && isObject);
            }
        }
        assertThat(failures).isEmpty();
        assertDirectoryStillAnswers();
    }

    /**
     * Found by this suite: the payload reader (unlike {@code JwsParser} for the envelope) takes
     * trailing garbage, UTF-16 and duplicate members, so the account and challenge endpoints
     * answer 200 to payloads that are not one UTF-8 JSON object (RFC 8259 §8.1, §4). Not a 5xx,
     * so left for the owner of the pipeline to decide.
     */
    @Test
    void payloadThatIsNotExactlyOneUtf8JsonObjectIsMalformed() throws Exception {
        for (byte[] payload : List.of(
                "{} trailing".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_16),
                "{\"contact\":[],\"contact\":[]}".getBytes(StandardCharsets.UTF_8))) {
            byte[] body = signed(account.key(), account.kid(), account.kid(), payload);
            ProtocolErrorsTest.assertProblem(
                    acme.postRaw(account.kid(), "application/jose+json", body), 400, "malformed");
        }
    }

    @Test
    void newOrderRefusesHostileIdentifiersWithAProblem() throws Exception {
        List<String> failures = new ArrayList<>();
        List<String> values = List.of(
                "",
                ".",
                "..",
                "*",
                "*.",
                "**.a.test",
                "a..test",
                "-a.test",
                "a-.test",
                "xn--",
                "xn--zz.test",
                "xn--a.test",
                "é.test",
                "a".repeat(64) + ".test",
                ("a".repeat(63) + ".").repeat(5) + "test",
                "1.2.3.4",
                "test",
                "a.test.",
                " a.test",
                "a.test\u0000",
                "a/b.test",
                "a_b.test",
                "localhost");
        List<String> ips = List.of(
                "",
                "1",
                "999.1.1.1",
                "1.2.3",
                "01.2.3.4",
                "::",
                "::1",
                "fe80::1%eth0",
                "::ffff:1.2.3.4",
                "1.2.3.4/24",
                "[::1]",
                "a.test",
                "0.0.0.0",
                "255.255.255.255",
                "1:2:3:4:5:6:7:8:9");
        List<String> types = List.of("DNS", "dns ", "ip", "email", "");
        for (String v : values) {
            probeIdentifier(failures, "dns", v);
        }
        for (String v : ips) {
            probeIdentifier(failures, "ip", v);
        }
        for (String t : types) {
            probeIdentifier(failures, t, "a.test");
        }
        assertThat(failures).isEmpty();
        assertDirectoryStillAnswers();
    }

    private static void probeIdentifier(List<String> failures, String type, String value) throws Exception {
        ObjectNode payload = RawAcme.JSON.createObjectNode();
        payload.putArray("identifiers").addObject().put("type", type).put("value", value);
        HttpResponse<String> r = flow.post(acme.url("newOrder"), account, payload.toString());
        if (r.statusCode() != 201) {
            check(failures, "newOrder " + payload, r, false);
        }
    }

    @Test
    void hostileResourceUrlsAreAnsweredWithAProblem() throws Exception {
        List<String> failures = new ArrayList<>();
        String base = acme.url("newOrder").replace("/acme/new-order", "");
        List<String> urls = List.of(
                account.kid() + "/orders/2",
                account.kid() + "/orders/21474837",
                account.kid() + "/orders/30000000",
                account.kid() + "/orders/2147483647",
                account.kid() + "/orders/0",
                account.kid() + "/orders/-1",
                account.kid() + "/orders/99999999999",
                account.kid() + "/x",
                endpoints.get("cert") + "/alt/2147483647",
                endpoints.get("cert") + "/alt/-1",
                endpoints.get("cert") + "/alt",
                base + "/acme/cert/",
                base + "/acme/cert/zz",
                base + "/acme/chall/a",
                base + "/acme/chall/a/b",
                base + "/acme/authz/a/b",
                base + "/acme/order/a/finalize/x",
                base + "/acme/order/x/finalize",
                base + "/acme/acct/x/orders",
                endpoints.get("order") + "?x=1");
        for (String url : urls) {
            HttpResponse<String> r = flow.post(url, account, "");
            if (r.statusCode() != 200) {
                check(failures, "POST-as-GET " + url, r, false);
            }
        }
        assertThat(failures).isEmpty();
        assertDirectoryStillAnswers();
    }

    @Test
    void unsignedJunkIsRefusedWithAProblemOnEveryEndpoint() throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        List<byte[]> bodies = new ArrayList<>();
        for (String s : List.of(
                "",
                "junk",
                "{}",
                "[]",
                "null",
                "\"x\"",
                "{\"protected\":1}",
                "{\"protected\":\"!!\",\"payload\":\"\",\"signature\":\"\"}",
                "{\"protected\":\"e30\",\"payload\":\"\",\"signature\":\"AAAA\"}",
                "{\"protected\":\"e30\",\"protected\":\"e30\",\"payload\":\"\",\"signature\":\"AAAA\"}",
                "a.b.c",
                "{\"signatures\":[]}")) {
            bodies.add(s.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add(("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.US_ASCII));
        bodies.add(new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        for (String header : List.of(
                "{\"alg\":\"none\",\"kid\":\"x\",\"url\":\"u\",\"nonce\":\"n\"}",
                "{\"alg\":\"ES256\",\"jwk\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAA\",\"y\":\"AAAA\"},\"url\":\"u\"}",
                "{\"alg\":\"ES256\",\"jwk\":{\"kty\":\"EC\",\"crv\":\"P-256\"},\"url\":\"u\"}",
                "{\"alg\":\"RS256\",\"jwk\":{\"kty\":\"RSA\",\"n\":\"AQ\",\"e\":\"AQAB\"},\"url\":\"u\"}",
                "{\"alg\":\"RS256\",\"jwk\":{\"kty\":\"RSA\",\"n\":\"" + "_".repeat(4000) + "\",\"e\":\""
                        + "_".repeat(400) + "\"},\"url\":\"u\"}",
                "{\"alg\":\"EdDSA\",\"jwk\":{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + "_".repeat(43)
                        + "\"},\"url\":\"u\"}",
                "{\"alg\":\"ES256\",\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"},\"url\":\"u\"}",
                "{\"alg\":\"ES256\",\"jwk\":[],\"url\":\"u\"}",
                "{\"alg\":5,\"kid\":\"x\",\"url\":\"u\"}",
                "{\"alg\":\"ES256\",\"kid\":5,\"url\":\"u\"}",
                "{\"alg\":\"ES256\",\"kid\":\"x\",\"url\":[]}",
                "{\"alg\":\"ES256\",\"kid\":\"" + account.kid() + "/../x\",\"url\":\"u\",\"nonce\":\"n\"}",
                "{\"alg\":\"ES256\",\"kid\":\"" + account.kid()
                        + "\",\"url\":\"u\",\"nonce\":\"n\",\"crit\":[\"b64\"]}",
                "[" + "[".repeat(5_000) + "]".repeat(5_000) + "]")) {
            String jws = "{\"protected\":\"" + b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
                    + "\",\"payload\":\"\",\"signature\":\"" + "A".repeat(86) + "\"}";
            bodies.add(jws.getBytes(StandardCharsets.UTF_8));
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            for (byte[] body : bodies) {
                HttpResponse<String> r = acme.postRaw(endpoint.getValue(), "application/jose+json", body);
                String shown = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8);
                check(failures, endpoint.getKey() + " " + shown, r, false);
            }
        }
        assertThat(failures).isEmpty();
        assertDirectoryStillAnswers();
    }

    @Test
    void hugeAndChunkedBodiesAreRefusedWithAProblem() throws Exception {
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        big.write(signed(
                account.key(),
                account.kid(),
                endpoints.get("newOrder"),
                ("{\"identifiers\":\"" + "A".repeat(70_000) + "\"}").getBytes(StandardCharsets.US_ASCII)));
        HttpResponse<String> r = acme.postRaw(endpoints.get("newOrder"), "application/jose+json", big.toByteArray());
        assertThat(refusalProblem(r)).as(r.body()).isNull();
        assertThat(r.statusCode()).isEqualTo(413);
        assertDirectoryStillAnswers();
    }
}
