package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.issuance.CaKeyAlgorithm;
import dev.cairn.server.CairnConfig;
import dev.cairn.testing.Knobs;
import dev.cairn.testing.LoopbackCa;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Test mode's knobs, each observed on the wire with {@link RawAcme}. */
class TestModeKnobsTest {

    static LoopbackCa start(UnaryOperator<Knobs> knobs) throws Exception {
        return LoopbackCa.start(b -> b.testing(knobs.apply(Knobs.off()).build()));
    }

    @Test
    void nonceRejectAt100RefusesEveryPostWithBadNonceAndAFreshNonce() throws Exception {
        try (LoopbackCa ca = start(k -> k.nonceReject(100))) {
            RawAcme acme = new RawAcme(ca.server());
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = acme.post(
                        acme.url("newAccount"), RawAcme.ecKey("secp256r1"), null, "{\"termsOfServiceAgreed\":true}");
                assertProblem(r, 400, "badNonce");
                assertThat(r.headers().firstValue("Replay-Nonce")).isPresent();
            }
        }
    }

    @Test
    void nonceRejectAt0RefusesNone() throws Exception {
        try (LoopbackCa ca = start(k -> k.nonceReject(0))) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            for (int i = 0; i < 20; i++) {
                assertThat(flow.post(flow.acme.url("newOrder"), a, AcmeFlow.identifiers("n" + i + ".test"))
                                .statusCode())
                        .isEqualTo(201);
            }
        }
    }

    @Test
    void aRejectedNonceIsSpent() throws Exception {
        try (LoopbackCa ca = start(k -> k.nonceReject(100))) {
            RawAcme acme = new RawAcme(ca.server());
            var key = RawAcme.ecKey("secp256r1");
            String nonce = acme.nonce();
            String url = acme.url("newAccount");
            byte[] body = RawAcme.jws(key, acme.header(key, null, nonce, url), "{\"termsOfServiceAgreed\":true}")
                    .getBytes(StandardCharsets.UTF_8);
            assertProblem(acme.postRaw(url, "application/jose+json", body), 400, "badNonce");
            assertThat(RawAcme.json(acme.postRaw(url, "application/jose+json", body))
                            .get("detail")
                            .asText())
                    .contains("already used");
        }
    }

    @Test
    void validationDelayIsObservableAsProcessing() throws Exception {
        try (LoopbackCa ca = start(k -> k.validationDelay("1500"))) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            AcmeFlow.Created order = flow.newOrder(a, "delay.test");
            String authz = order.order().get("authorizations").get(0).asText();
            HttpResponse<String> r = flow.post(flow.primeHttp01(a, authz), a, "{}");
            assertThat(RawAcme.json(r).get("status").asText()).isEqualTo("processing");
            assertThat(flow.fetch(authz, a).get("status").asText()).isEqualTo("pending");
            flow.awaitStatus(authz, a, "valid");
        }
    }

    @Test
    void alwaysValidValidatesWithoutAnyResponder() throws Exception {
        try (LoopbackCa ca = start(Knobs::alwaysValid)) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            AcmeFlow.Created order = flow.newOrder(a, "nowhere.test");
            String authz = order.order().get("authorizations").get(0).asText();
            String challenge =
                    flow.fetch(authz, a).get("challenges").get(0).get("url").asText();
            flow.post(challenge, a, "{}");
            flow.awaitStatus(authz, a, "valid");
        }
    }

    @Test
    void blockedDomainsAreRejectedIdentifiersWithASubproblemEach() throws Exception {
        try (LoopbackCa ca = start(k -> k.blockDomain("blocked.test"))) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            HttpResponse<String> r = flow.post(
                    flow.acme.url("newOrder"), a, AcmeFlow.identifiers("ok.test", "www.blocked.test", "blocked.test"));
            assertProblem(r, 400, "rejectedIdentifier");
            JsonNode subs = RawAcme.json(r).get("subproblems");
            assertThat(subs).hasSize(2);
            assertThat(subs.get(0).get("type").asText()).isEqualTo("urn:ietf:params:acme:error:rejectedIdentifier");
            assertThat(subs.get(0).get("identifier").get("value").asText()).isEqualTo("www.blocked.test");
            assertThat(flow.post(flow.acme.url("newOrder"), a, AcmeFlow.identifiers("notblocked.test"))
                            .statusCode())
                    .as("whole labels only")
                    .isEqualTo(201);
        }
    }

    @Test
    void authzReuse100ReusesAValidAuthorizationAnd0NeverDoes() throws Exception {
        for (int pct : new int[] {100, 0}) {
            try (LoopbackCa ca = start(k -> k.authzReuse(pct))) {
                AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
                AcmeFlow.Acct a = flow.account();
                String first = flow.readyOrder(a, "reuse.test")
                        .order()
                        .get("authorizations")
                        .get(0)
                        .asText();
                JsonNode second = flow.newOrder(a, "reuse.test").order();
                String again = second.get("authorizations").get(0).asText();
                if (pct == 100) {
                    assertThat(again).isEqualTo(first);
                    assertThat(second.get("status").asText()).isEqualTo("ready");
                } else {
                    assertThat(again).isNotEqualTo(first);
                    assertThat(second.get("status").asText()).isEqualTo("pending");
                }
            }
        }
    }

    @Test
    void alternateRootsAreServedByIndexAndLinkedFromTheCertificate() throws Exception {
        try (LoopbackCa ca = LoopbackCa.start(b -> b.ca(new CairnConfig.Ca(CaKeyAlgorithm.ECDSA_P256, 3)))) {
            HttpClient http =
                    HttpClient.newBuilder().sslContext(ca.trustingContext()).build();
            assertThat(admin(http, ca, "/roots/3").statusCode()).isEqualTo(200);
            assertThat(admin(http, ca, "/roots/4").statusCode()).isEqualTo(404);
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            JsonNode order = flow.issue(a, RawAcme.ecKey("secp256r1"), "alt.test");
            HttpResponse<String> cert = flow.post(order.get("certificate").asText(), a, "");
            assertThat(cert.headers().allValues("Link"))
                    .filteredOn(l -> l.contains("rel=\"alternate\""))
                    .hasSize(3);
        }
    }

    @Test
    void chainLengthPutsThatManyIntermediatesInEveryChain() throws Exception {
        try (LoopbackCa ca = LoopbackCa.start(b -> b.ca(new CairnConfig.Ca(CaKeyAlgorithm.ECDSA_P256, 1, 3)))) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            JsonNode order = flow.issue(a, RawAcme.ecKey("secp256r1"), "chain.test");
            String url = order.get("certificate").asText();
            java.util.List<X509Certificate> roots =
                    ca.server().certificateAuthority().roots();
            assertChain(flow.post(url, a, "").body(), roots.get(0));
            assertChain(flow.post(url + "/alt/1", a, "").body(), roots.get(1));
        }
    }

    private static void assertChain(String pem, X509Certificate root) throws Exception {
        java.util.List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .stream()
                .map(c -> (X509Certificate) c)
                .toList();
        assertThat(chain).hasSize(4);
        for (int i = 0; i < 3; i++) {
            chain.get(i).verify(chain.get(i + 1).getPublicKey());
            assertThat(chain.get(i + 1).getBasicConstraints())
                    .as("CA " + (i + 1))
                    .isGreaterThanOrEqualTo(i);
        }
        chain.get(3).verify(root.getPublicKey());
    }

    @Test
    void caKeyAlgorithmIsTheRootsKeyType() throws Exception {
        try (LoopbackCa ca = LoopbackCa.start(b -> b.ca(new CairnConfig.Ca(CaKeyAlgorithm.RSA_2048, 0)))) {
            HttpClient http =
                    HttpClient.newBuilder().sslContext(ca.trustingContext()).build();
            X509Certificate root = pem(admin(http, ca, "/roots/0").body());
            assertThat(root.getPublicKey()).isInstanceOf(RSAPublicKey.class);
            assertThat(((RSAPublicKey) root.getPublicKey()).getModulus().bitLength())
                    .isEqualTo(2048);
            assertThat(admin(http, ca, "/roots/1").statusCode()).isEqualTo(404);
        }
        try (LoopbackCa ca = LoopbackCa.start(b -> b.ca(new CairnConfig.Ca(CaKeyAlgorithm.ECDSA_P384, 0)))) {
            HttpClient http =
                    HttpClient.newBuilder().sslContext(ca.trustingContext()).build();
            X509Certificate root = pem(admin(http, ca, "/roots/0").body());
            assertThat(((ECPublicKey) root.getPublicKey())
                            .getParams()
                            .getCurve()
                            .getField()
                            .getFieldSize())
                    .isEqualTo(384);
        }
    }

    @Test
    void lifetimesShowInOrdersAuthorizationsAndCertificates() throws Exception {
        CairnConfig.Timings timings = CairnConfig.Timings.defaults()
                .withLifetimes(Duration.ofHours(3), Duration.ofHours(2), Duration.ofDays(6));
        try (LoopbackCa ca = LoopbackCa.start(b -> b.timings(timings))) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            Instant now = Instant.now();
            AcmeFlow.Created order = flow.newOrder(a, "life.test");
            assertNear(Instant.parse(order.order().get("expires").asText()), now.plus(Duration.ofHours(3)));
            JsonNode authz =
                    flow.fetch(order.order().get("authorizations").get(0).asText(), a);
            assertNear(Instant.parse(authz.get("expires").asText()), now.plus(Duration.ofHours(2)));
            JsonNode valid = flow.issue(a, RawAcme.ecKey("secp256r1"), "life2.test");
            X509Certificate leaf =
                    pem(flow.post(valid.get("certificate").asText(), a, "").body());
            assertThat(Duration.between(
                            leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                    .isBetween(
                            Duration.ofDays(6).minusMinutes(10),
                            Duration.ofDays(6).plusMinutes(10));
        }
    }

    @Test
    void retryAfterIsTheConfiguredSeconds() throws Exception {
        try (LoopbackCa ca = LoopbackCa.start(
                b -> b.testing(Knobs.off().validationDelay("1500").build())
                        .timings(CairnConfig.Timings.defaults().withRetryAfter(Duration.ofSeconds(11))))) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            AcmeFlow.Created order = flow.newOrder(a, "retry.test");
            String authz = order.order().get("authorizations").get(0).asText();
            HttpResponse<String> r = flow.post(flow.primeHttp01(a, authz), a, "{}");
            assertThat(RawAcme.json(r).get("status").asText()).isEqualTo("processing");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("11");
        }
    }

    @Test
    void ordersPerPageSplitsTheOrdersList() throws Exception {
        try (LoopbackCa ca =
                LoopbackCa.start(b -> b.timings(CairnConfig.Timings.defaults().withOrdersPerPage(2)))) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            for (int i = 0; i < 3; i++) {
                flow.newOrder(a, "page" + i + ".test");
            }
            JsonNode account = RawAcme.json(flow.post(a.kid(), a, ""));
            HttpResponse<String> page = flow.post(account.get("orders").asText(), a, "");
            assertThat(RawAcme.json(page).get("orders")).hasSize(2);
            assertThat(page.headers().allValues("Link")).anyMatch(l -> l.contains("rel=\"next\""));
        }
    }

    static void assertNear(Instant actual, Instant expected) {
        assertThat(actual).isBetween(expected.minusSeconds(60), expected.plusSeconds(60));
    }

    static HttpResponse<String> admin(HttpClient http, LoopbackCa ca, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(ca.server().adminUrl() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static X509Certificate pem(String text) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    }
}
