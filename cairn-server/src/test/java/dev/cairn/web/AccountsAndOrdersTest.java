package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Accounts (RFC 8555 §7.3) and orders (§7.4) answered right, and refused with the right problem. */
class AccountsAndOrdersTest {
    static CairnServer server;
    static RawAcme acme;

    @BeforeAll
    static void start() throws Exception {
        server = CairnServer.start(CairnConfig.builder()
                .forTests()
                .timings(CairnConfig.Timings.defaults().withOrdersPerPage(3))
                .build());
        acme = new RawAcme(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String order(String... names) {
        StringBuilder sb = new StringBuilder("{\"identifiers\":[");
        for (int i = 0; i < names.length; i++) {
            String type = names[i].matches("[0-9.]+|.*:.*") ? "ip" : "dns";
            sb.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"")
                    .append(type)
                    .append("\",\"value\":\"")
                    .append(names[i])
                    .append("\"}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void newAccountIs201ThenTheSameKeyIs200WithTheSameLocation() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        HttpResponse<String> first = acme.post(
                acme.url("newAccount"),
                key,
                null,
                "{\"termsOfServiceAgreed\":true,\"contact\":[\"mailto:admin@example.com\"],\"foo\":1,\"orders\":\"x\"}");
        assertThat(first.statusCode()).isEqualTo(201);
        String location = first.headers().firstValue("Location").orElseThrow();
        JsonNode account = RawAcme.json(first);
        assertThat(account.get("status").asText()).isEqualTo("valid");
        assertThat(account.get("orders").asText()).isEqualTo(location + "/orders");
        assertThat(account.has("foo")).isFalse();
        HttpResponse<String> again = acme.post(acme.url("newAccount"), key, null, "{}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Location")).hasValue(location);
    }

    @Test
    void onlyReturnExistingWithAnUnknownKeyIsAccountDoesNotExist() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        assertProblem(
                acme.post(acme.url("newAccount"), key, null, "{\"onlyReturnExisting\":true}"),
                400,
                "accountDoesNotExist");
        assertProblem(
                acme.post(acme.url("newAccount"), key, null, "{\"onlyReturnExisting\":true}"),
                400,
                "accountDoesNotExist");
    }

    @Test
    void termsNotAgreedIsUserActionRequired() throws Exception {
        assertProblem(
                acme.post(acme.url("newAccount"), RawAcme.ecKey("secp256r1"), null, "{}"), 403, "userActionRequired");
    }

    @Test
    void contactsAreValidated() throws Exception {
        assertProblem(
                acme.post(
                        acme.url("newAccount"),
                        RawAcme.ecKey("secp256r1"),
                        null,
                        "{\"termsOfServiceAgreed\":true,\"contact\":[\"tel:+15551234\"]}"),
                400,
                "unsupportedContact");
        for (String bad :
                List.of("mailto:", "mailto:a@b.com?subject=x", "mailto:a@b.com,c@d.com", "mailto:not-an-address")) {
            assertProblem(
                    acme.post(
                            acme.url("newAccount"),
                            RawAcme.ecKey("secp256r1"),
                            null,
                            "{\"termsOfServiceAgreed\":true,\"contact\":[\"" + bad + "\"]}"),
                    400,
                    "invalidContact");
        }
    }

    @Test
    void weakAccountKeyIsBadPublicKey() throws Exception {
        assertProblem(
                acme.post(acme.url("newAccount"), RawAcme.rsaKey(1024), null, "{\"termsOfServiceAgreed\":true}"),
                400,
                "badPublicKey");
    }

    @Test
    void accountKeysOfEverySupportedKindWork() throws Exception {
        List<KeyPair> keys = List.of(
                RawAcme.rsaKey(2048),
                RawAcme.ecKey("secp256r1"),
                RawAcme.ecKey("secp384r1"),
                RawAcme.ecKey("secp521r1"),
                java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        for (KeyPair key : keys) {
            String kid = acme.newAccount(key);
            assertThat(acme.post(kid, key, kid, "").statusCode())
                    .as(key.getPublic().getAlgorithm())
                    .isEqualTo(200);
        }
    }

    @Test
    void contactUpdateAndDeactivation() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        String kid = acme.newAccount(key);
        HttpResponse<String> updated = acme.post(kid, key, kid, "{\"contact\":[\"mailto:new@example.com\"]}");
        assertThat(RawAcme.json(updated).get("contact").get(0).asText()).isEqualTo("mailto:new@example.com");
        HttpResponse<String> deactivated = acme.post(kid, key, kid, "{\"status\":\"deactivated\"}");
        assertThat(RawAcme.json(deactivated).get("status").asText()).isEqualTo("deactivated");
        assertProblem(acme.post(acme.url("newOrder"), key, kid, order("a.test")), 401, "unauthorized");
        assertProblem(acme.post(kid, key, kid, ""), 401, "unauthorized");
        assertProblem(acme.post(acme.url("newAccount"), key, null, "{}"), 401, "unauthorized");
    }

    @Test
    void anAccountCannotReadOrChangeAnotherAccount() throws Exception {
        KeyPair a = RawAcme.ecKey("secp256r1");
        KeyPair b = RawAcme.ecKey("secp256r1");
        String kidA = acme.newAccount(a);
        String kidB = acme.newAccount(b);
        assertProblem(acme.post(kidA, b, kidB, ""), 403, "unauthorized");
        assertProblem(acme.post(kidA, b, kidB, "{\"status\":\"deactivated\"}"), 403, "unauthorized");
        String orderUrl = acme.post(acme.url("newOrder"), a, kidA, order("private.test"))
                .headers()
                .firstValue("Location")
                .orElseThrow();
        assertProblem(acme.post(orderUrl, b, kidB, ""), 403, "unauthorized");
        String authz = RawAcme.json(acme.post(orderUrl, a, kidA, ""))
                .get("authorizations")
                .get(0)
                .asText();
        assertProblem(acme.post(authz, b, kidB, ""), 403, "unauthorized");
        assertProblem(acme.post(kidA + "/orders", b, kidB, ""), 403, "unauthorized");
    }

    @Test
    void newOrderNormalisesAndDeduplicatesIdentifiers() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        String kid = acme.newAccount(key);
        HttpResponse<String> r = acme.post(acme.url("newOrder"), key, kid, order("A.Example.test", "a.example.test"));
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode o = RawAcme.json(r);
        assertThat(o.get("status").asText()).isEqualTo("pending");
        assertThat(o.get("identifiers")).hasSize(1);
        assertThat(o.get("identifiers").get(0).get("value").asText()).isEqualTo("a.example.test");
        assertThat(o.get("authorizations")).hasSize(1);
        assertThat(o.get("expires").asText()).endsWith("Z");
        assertThat(o.get("finalize").asText()).startsWith("https://");
    }

    @Test
    void wildcardAuthorizationIsForTheBaseDomainWithDns01Only() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        String kid = acme.newAccount(key);
        JsonNode o = RawAcme.json(acme.post(acme.url("newOrder"), key, kid, order("*.wild.test")));
        JsonNode authz = RawAcme.json(acme.post(o.get("authorizations").get(0).asText(), key, kid, ""));
        assertThat(authz.get("identifier").get("value").asText()).isEqualTo("wild.test");
        assertThat(authz.get("wildcard").asBoolean()).isTrue();
        assertThat(authz.get("challenges")).hasSize(1);
        assertThat(authz.get("challenges").get(0).get("type").asText()).isEqualTo("dns-01");
    }

    @Test
    void ipIdentifierGetsNoDns01() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        String kid = acme.newAccount(key);
        JsonNode o = RawAcme.json(acme.post(acme.url("newOrder"), key, kid, order("127.0.0.1")));
        JsonNode authz = RawAcme.json(acme.post(o.get("authorizations").get(0).asText(), key, kid, ""));
        List<String> types = new ArrayList<>();
        authz.get("challenges").forEach(c -> types.add(c.get("type").asText()));
        assertThat(types).containsExactlyInAnyOrder("http-01", "tls-alpn-01");
    }

    @Test
    void badIdentifiersAreRefusedWithOneSubproblemEach() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        String kid = acme.newAccount(key);
        assertProblem(acme.post(acme.url("newOrder"), key, kid, "{\"identifiers\":[]}"), 400, "malformed");
        assertProblem(
                acme.post(
                        acme.url("newOrder"),
                        key,
                        kid,
                        "{\"identifiers\":[{\"type\":\"email\",\"value\":\"a@b.test\"}]}"),
                400,
                "unsupportedIdentifier");
        HttpResponse<String> r = acme.post(acme.url("newOrder"), key, kid, order("*.com", "co.uk", "ok.test"));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode problem = RawAcme.json(r);
        assertThat(problem.has("identifier")).isFalse();
        assertThat(problem.get("subproblems")).hasSize(2);
        problem.get("subproblems")
                .forEach(s ->
                        assertThat(s.get("identifier").get("value").asText()).isNotBlank());
        String[] many = new String[101];
        for (int i = 0; i < many.length; i++) {
            many[i] = "n" + i + ".test";
        }
        assertProblem(acme.post(acme.url("newOrder"), key, kid, order(many)), 400, "malformed");
    }

    @Test
    void unparseableNotAfterIsMalformedAtNewOrder() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        String kid = acme.newAccount(key);
        assertProblem(
                acme.post(
                        acme.url("newOrder"),
                        key,
                        kid,
                        "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"a.test\"}],\"notAfter\":\"garbage\"}"),
                400,
                "malformed");
        assertProblem(
                acme.post(
                        acme.url("newOrder"),
                        key,
                        kid,
                        "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"a.test\"}],\"notAfter\":\"2099-01-01T00:00:00Z\"}"),
                400,
                "malformed");
    }

    @Test
    void finalizingAPendingOrderIsOrderNotReady() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        String kid = acme.newAccount(key);
        JsonNode o = RawAcme.json(acme.post(acme.url("newOrder"), key, kid, order("pending.test")));
        assertProblem(acme.post(o.get("finalize").asText(), key, kid, "{\"csr\":\"MIIB\"}"), 403, "orderNotReady");
    }

    @Test
    void postAsGetWithAPayloadIsNotAFetch() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        String kid = acme.newAccount(key);
        String orderUrl = acme.post(acme.url("newOrder"), key, kid, order("fetch.test"))
                .headers()
                .firstValue("Location")
                .orElseThrow();
        assertProblem(acme.post(orderUrl, key, kid, "{}"), 400, "malformed");
    }

    @Test
    void ordersListIsPagedWithLinkNext() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        String kid = acme.newAccount(key);
        for (int i = 0; i < 7; i++) {
            assertThat(acme.post(acme.url("newOrder"), key, kid, order("page" + i + ".test"))
                            .statusCode())
                    .isEqualTo(201);
        }
        String url = kid + "/orders";
        List<Integer> sizes = new ArrayList<>();
        while (url != null) {
            HttpResponse<String> page = acme.post(url, key, kid, "");
            assertThat(page.statusCode()).isEqualTo(200);
            sizes.add(RawAcme.json(page).get("orders").size());
            url = page.headers().allValues("Link").stream()
                    .filter(l -> l.contains("rel=\"next\""))
                    .map(l -> l.substring(1, l.indexOf('>')))
                    .findFirst()
                    .orElse(null);
        }
        assertThat(sizes).containsExactly(3, 3, 1);
    }

    @Test
    void authorizationDeactivationMakesTheOrderInvalid() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        String kid = acme.newAccount(key);
        HttpResponse<String> created = acme.post(acme.url("newOrder"), key, kid, order("deact.test"));
        String orderUrl = created.headers().firstValue("Location").orElseThrow();
        String authz = RawAcme.json(created).get("authorizations").get(0).asText();
        assertProblem(acme.post(authz, key, kid, "{\"status\":\"valid\"}"), 400, "malformed");
        JsonNode deactivated = RawAcme.json(acme.post(authz, key, kid, "{\"status\":\"deactivated\"}"));
        assertThat(deactivated.get("status").asText()).isEqualTo("deactivated");
        JsonNode order = RawAcme.json(acme.post(orderUrl, key, kid, ""));
        assertThat(order.get("status").asText()).isEqualTo("invalid");
        assertThat(order.get("error").get("type").asText()).startsWith("urn:ietf:params:acme:error:");
        assertProblem(acme.post(authz, key, kid, "{\"status\":\"deactivated\"}"), 400, "malformed");
    }

    @Test
    void unknownOrderIs404() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        String kid = acme.newAccount(key);
        String url = acme.url("newOrder").replace("new-order", "order/doesnotexist");
        assertProblem(acme.post(url, key, kid, ""), 404, "malformed");
    }
}
