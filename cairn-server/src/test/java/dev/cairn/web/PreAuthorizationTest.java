package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testing.Knobs;
import dev.cairn.testing.LoopbackCa;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pre-authorization, newAuthz (RFC 8555 §7.4.1; catalog DIR-02, PRE-01 to PRE-05). */
class PreAuthorizationTest {
    static LoopbackCa ca;
    static AcmeFlow flow;
    static AcmeFlow.Acct account;

    @BeforeAll
    static void start() throws Exception {
        ca = LoopbackCa.start(
                b -> b.testing(Knobs.off().blockDomain("blocked.test").build()));
        flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
        account = flow.account();
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    static String identifier(String type, String value) {
        return "{\"identifier\":{\"type\":\"" + type + "\",\"value\":\"" + value + "\"}}";
    }

    HttpResponse<String> newAuthz(AcmeFlow.Acct a, String payload) throws Exception {
        return flow.post(flow.acme.url("newAuthz"), a, payload);
    }

    static List<String> challengeTypes(JsonNode authz) {
        List<String> types = new ArrayList<>();
        authz.get("challenges").forEach(c -> types.add(c.get("type").asText()));
        return types;
    }

    @Test
    void directoryOffersNewAuthz() throws Exception {
        JsonNode dir = RawAcme.json(flow.acme.get(ca.server().directoryUrl().toString()));
        assertThat(dir.get("newAuthz").asText()).startsWith("https://").endsWith("/acme/new-authz");
    }

    @Test
    void newAuthzIs201WithLocationOfAPendingAuthorizationThatCanBeFetched() throws Exception {
        HttpResponse<String> r = newAuthz(account, identifier("dns", "Pre.Example.TEST"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/acme/authz/");
        assertThat(r.headers().firstValue("Replay-Nonce")).isPresent();
        JsonNode authz = RawAcme.json(r);
        assertThat(authz.get("status").asText()).isEqualTo("pending");
        assertThat(authz.get("identifier").get("type").asText()).isEqualTo("dns");
        assertThat(authz.get("identifier").get("value").asText()).isEqualTo("pre.example.test");
        assertThat(authz.has("wildcard")).as("PRE-05").isFalse();
        assertThat(authz.get("expires").asText()).endsWith("Z");
        assertThat(challengeTypes(authz)).containsExactlyInAnyOrder("http-01", "dns-01", "tls-alpn-01");
        authz.get("challenges").forEach(c -> {
            assertThat(c.get("status").asText()).isEqualTo("pending");
            assertThat(c.get("token").asText()).isNotBlank();
        });
        assertThat(flow.fetch(location, account)).isEqualTo(authz);
    }

    @Test
    void anIpAddressGetsHttp01AndTlsAlpn01Only() throws Exception {
        HttpResponse<String> r = newAuthz(account, identifier("ip", "192.0.2.7"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(challengeTypes(RawAcme.json(r))).containsExactlyInAnyOrder("http-01", "tls-alpn-01");
    }

    @Test
    void eachRequestCreatesItsOwnAuthorization() throws Exception {
        String first = newAuthz(account, identifier("dns", "twice.example.test"))
                .headers()
                .firstValue("Location")
                .orElseThrow();
        String second = newAuthz(account, identifier("dns", "twice.example.test"))
                .headers()
                .firstValue("Location")
                .orElseThrow();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void aWildcardCannotBePreAuthorized() throws Exception {
        HttpResponse<String> r = newAuthz(account, identifier("dns", "*.wild.example.test"));
        assertProblem(r, 400, "rejectedIdentifier");
        JsonNode problem = RawAcme.json(r);
        assertThat(problem.get("detail").asText()).contains("wildcard").contains("§7.4.1");
        assertThat(problem.get("subproblems")
                        .get(0)
                        .get("identifier")
                        .get("value")
                        .asText())
                .isEqualTo("*.wild.example.test");
    }

    @Test
    void aBlockedNameIsARejectedIdentifier() throws Exception {
        assertProblem(newAuthz(account, identifier("dns", "www.blocked.test")), 400, "rejectedIdentifier");
    }

    @Test
    void badIdentifiersAreRefusedWithTheMatchingProblem() throws Exception {
        assertProblem(newAuthz(account, identifier("email", "a@example.test")), 400, "unsupportedIdentifier");
        for (String[] bad : new String[][] {{"dns", "bad..name.test"}, {"dns", "co.uk"}, {"ip", "999.1.1.1"}}) {
            HttpResponse<String> asOrder = flow.post(flow.acme.url("newOrder"), account, AcmeFlow.identifiers(bad[1]));
            String sameAsNewOrder =
                    RawAcme.json(asOrder).get("type").asText().replace("urn:ietf:params:acme:error:", "");
            assertProblem(newAuthz(account, identifier(bad[0], bad[1])), asOrder.statusCode(), sameAsNewOrder);
        }
        assertProblem(newAuthz(account, "{}"), 400, "malformed");
        assertProblem(newAuthz(account, "{\"identifier\":\"x.test\"}"), 400, "malformed");
        assertProblem(newAuthz(account, "{\"identifier\":{\"type\":\"dns\"}}"), 400, "malformed");
        assertProblem(
                newAuthz(account, "{\"identifier\":[{\"type\":\"dns\",\"value\":\"x.test\"}]}"), 400, "malformed");
        assertProblem(newAuthz(account, ""), 400, "malformed");
    }

    @Test
    void getIsMethodNotAllowed() throws Exception {
        HttpResponse<String> r = flow.acme.get(flow.acme.url("newAuthz"));
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void anotherAccountCannotReadThePreAuthorization() throws Exception {
        String location = newAuthz(account, identifier("dns", "mine.example.test"))
                .headers()
                .firstValue("Location")
                .orElseThrow();
        AcmeFlow.Acct other = flow.account();
        assertProblem(flow.post(location, other, ""), 403, "unauthorized");
    }

    @Test
    void aValidPreAuthorizationMakesTheNextOrderReadyAtOnce() throws Exception {
        String location = newAuthz(account, identifier("dns", "reuse.example.test"))
                .headers()
                .firstValue("Location")
                .orElseThrow();
        HttpResponse<String> answered = flow.post(flow.primeHttp01(account, location), account, "{}");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        flow.awaitStatus(location, account, "valid");

        AcmeFlow.Created order = flow.newOrder(account, "reuse.example.test");

        assertThat(order.order().get("status").asText()).isEqualTo("ready");
        assertThat(order.order().get("authorizations"))
                .extracting(JsonNode::asText)
                .containsExactly(location);
    }
}
