package dev.cairn.web;

import static dev.cairn.web.EabRequests.addKey;
import static dev.cairn.web.EabRequests.randomKey;
import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import dev.cairn.web.EabRequests.Binding;
import dev.cairn.web.EabRequests.EabKey;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * External account binding with {@code --eab-required --eab-single-use} (RFC 8555 §7.3.4,
 * catalog DIR-05, ACCT-09..12): every way a binding can be wrong, each refused before an
 * account exists, and the verified binding echoed. Keys come from the management API.
 */
class ExternalAccountBindingTest {
    static CairnServer server;
    static RawAcme acme;

    @BeforeAll
    static void start() throws Exception {
        server = CairnServer.start(CairnConfig.builder()
                .forTests()
                .meta(CairnConfig.Meta.defaults().withExternalAccountRequired(true))
                .eab(new CairnConfig.Eab(true, Map.of()))
                .build());
        acme = new RawAcme(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Binding binding() throws Exception {
        return new Binding(acme, addKey(acme, 32), "HS256");
    }

    @Test
    void directoryAdvertisesExternalAccountRequired() {
        assertThat(acme.directory.get("meta").get("externalAccountRequired").asBoolean())
                .isTrue();
    }

    @Test
    void newAccountWithoutBindingIsRefusedWithExternalAccountRequired() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        HttpResponse<String> r = acme.post(acme.url("newAccount"), key, null, "{\"termsOfServiceAgreed\":true}");
        assertProblem(r, 403, "externalAccountRequired");
        assertThat(RawAcme.json(r).get("detail").asText()).contains("externalAccountBinding");
    }

    @Test
    void nullBindingCountsAsNoBinding() throws Exception {
        Binding b = binding();
        assertProblem(b.newAccount(RawAcme.JSON.nullNode()), 403, "externalAccountRequired");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void validBindingCreatesTheAccountAndIsEchoedAsSent(String alg) throws Exception {
        Binding b = new Binding(acme, addKey(acme, 64), alg);
        ObjectNode jws = b.jws();
        HttpResponse<String> r = b.newAccount(jws);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(RawAcme.json(r).get("externalAccountBinding")).isEqualTo(jws);
        assertThat(RawAcme.json(r).get("externalAccountBinding").toString()).isEqualTo(jws.toString());

        String kid = r.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> fetched = acme.post(kid, b.accountKey, kid, "");
        assertThat(RawAcme.json(fetched).get("externalAccountBinding")).isEqualTo(jws);
    }

    @Test
    void existingAccountKeyIsAnsweredWithTheAccountBeforeAnyBindingCheck() throws Exception {
        Binding b = binding();
        HttpResponse<String> created = b.send();
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        HttpResponse<String> again = acme.post(acme.url("newAccount"), b.accountKey, null, "{}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.headers().firstValue("Location"))
                .isEqualTo(created.headers().firstValue("Location"));
        assertThat(RawAcme.json(again).get("externalAccountBinding"))
                .isEqualTo(RawAcme.json(created).get("externalAccountBinding"));
    }

    @Test
    void bindingWithASignatureAlgorithmInsteadOfAMacIsMalformed() throws Exception {
        Binding b = binding().with(x -> x.header.put("alg", "ES256"));
        assertProblem(b.send(), 400, "malformed");
        b.assertNoAccount();
    }

    @Test
    void bindingWithANonceIsMalformed() throws Exception {
        Binding b = binding();
        b.header.put("nonce", acme.nonce());
        assertProblem(b.send(), 400, "malformed");
        b.assertNoAccount();
    }

    @Test
    void bindingWithAnotherUrlIsMalformed() throws Exception {
        Binding b = binding().with(x -> x.header.put("url", acme.url("newOrder")));
        HttpResponse<String> r = b.send();
        assertProblem(r, 400, "malformed");
        assertThat(RawAcme.json(r).get("detail").asText()).contains(acme.url("newAccount"));
    }

    @Test
    void bindingWithoutUrlIsMalformed() throws Exception {
        assertProblem(binding().with(x -> x.header.remove("url")).send(), 400, "malformed");
    }

    @Test
    void bindingWithJwkInsteadOfKidIsMalformed() throws Exception {
        Binding b = binding();
        b.header.remove("kid");
        b.header.set("jwk", RawAcme.jwk(b.accountKey));
        assertProblem(b.send(), 400, "malformed");
    }

    @Test
    void bindingThatIsNotAFlattenedJwsIsMalformed() throws Exception {
        Binding b = binding();
        assertProblem(b.newAccount(RawAcme.JSON.getNodeFactory().textNode("eyJhbGciOi.x.y")), 400, "malformed");
        ObjectNode noSignature = b.jws();
        noSignature.remove("signature");
        assertProblem(b.newAccount(noSignature), 400, "malformed");
        ObjectNode badBase64 = b.jws();
        badBase64.put("payload", "not base64url!");
        assertProblem(b.newAccount(badBase64), 400, "malformed");
        b.assertNoAccount();
    }

    @Test
    void bindingWhosePayloadIsNotAJwkIsMalformed() throws Exception {
        assertProblem(binding().with(x -> x.payload = "\"hello\"").send(), 400, "malformed");
        assertProblem(binding().with(x -> x.payload = "").send(), 400, "malformed");
    }

    @Test
    void bindingWithAnUnknownKeyIdIsUnauthorized() throws Exception {
        Binding b = new Binding(acme, randomKey(32), "HS256");
        HttpResponse<String> r = b.send();
        assertProblem(r, 403, "unauthorized");
        assertThat(RawAcme.json(r).get("detail").asText()).contains(b.macKey.kid());
        b.assertNoAccount();
    }

    @Test
    void bindingWithAWrongMacIsUnauthorized() throws Exception {
        Binding b = binding();
        b.macKey = new EabKey(b.macKey.kid(), randomKey(32).hmac());
        HttpResponse<String> r = b.send();
        assertProblem(r, 403, "unauthorized");
        assertThat(r.body()).doesNotContain(RawAcme.b64(b.macKey.hmac()));
        b.assertNoAccount();
    }

    @Test
    void bindingMacedWithAnotherAlgorithmThanItsHeaderSaysIsUnauthorized() throws Exception {
        Binding b = binding();
        ObjectNode jws = b.with(x -> x.header.put("alg", "HS512")).jws();
        ObjectNode asHs256 = b.with(x -> x.header.put("alg", "HS256")).jws();
        jws.put("signature", asHs256.get("signature").asText());
        assertProblem(b.newAccount(jws), 403, "unauthorized");
    }

    @Test
    void bindingOverAnotherPublicKeyIsBadPublicKey() throws Exception {
        String otherKey = RawAcme.jwk(RawAcme.ecKey("secp256r1")).toString();
        Binding b = binding().with(x -> x.payload = otherKey);
        assertProblem(b.send(), 400, "badPublicKey");
        b.assertNoAccount();
    }

    @Test
    void singleUseKeyIdCannotBindASecondAccount() throws Exception {
        Binding first = binding();
        assertThat(first.send().statusCode()).isEqualTo(201);
        Binding second = new Binding(acme, first.macKey, "HS256");
        HttpResponse<String> r = second.send();
        assertProblem(r, 403, "unauthorized");
        assertThat(RawAcme.json(r).get("detail").asText()).contains("already bound");
        second.assertNoAccount();
    }

    @Test
    void aRefusedBindingDoesNotSpendASingleUseKeyId() throws Exception {
        Binding b = binding();
        b.payload = RawAcme.jwk(RawAcme.ecKey("secp256r1")).toString();
        assertProblem(b.send(), 400, "badPublicKey");
        b.payload = RawAcme.jwk(b.accountKey).toString();
        assertThat(b.send().statusCode()).isEqualTo(201);
    }
}
