package dev.cairn.web;

import static dev.cairn.web.EabRequests.addKey;
import static dev.cairn.web.EabRequests.admin;
import static dev.cairn.web.EabRequests.randomKey;
import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import dev.cairn.web.EabRequests.Binding;
import dev.cairn.web.EabRequests.EabKey;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * External account binding without {@code --eab-required} (RFC 8555 §7.3.4): optional, but a
 * binding that is sent is verified; keys from the configuration bind several accounts
 * (ACCT-12, no single use); the management API's {@code /eab-keys}.
 */
class OptionalExternalAccountBindingTest {
    static final EabKey shared = randomKey(32);
    static CairnServer server;
    static RawAcme acme;

    @BeforeAll
    static void start() throws Exception {
        server = CairnServer.start(CairnConfig.builder()
                .forTests()
                .eab(new CairnConfig.Eab(false, Map.of(shared.kid(), shared.encoded())))
                .build());
        acme = new RawAcme(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void directorySaysNoExternalAccountIsRequired() {
        assertThat(acme.directory.get("meta").get("externalAccountRequired").asBoolean())
                .isFalse();
    }

    @Test
    void newAccountWithoutBindingIsCreatedAndEchoesNoBinding() throws Exception {
        HttpResponse<String> r =
                acme.post(acme.url("newAccount"), RawAcme.ecKey("secp256r1"), null, "{\"termsOfServiceAgreed\":true}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(RawAcme.json(r).has("externalAccountBinding")).isFalse();
    }

    @Test
    void aBindingThatIsSentIsStillVerified() throws Exception {
        Binding b = new Binding(acme, new EabKey(shared.kid(), randomKey(32).hmac()), "HS256");
        assertProblem(b.send(), 403, "unauthorized");
        b.assertNoAccount();
    }

    @Test
    void keyIdsFromTheConfigurationBindSeveralAccountsWhenNotSingleUse() throws Exception {
        for (int i = 0; i < 2; i++) {
            Binding b = new Binding(acme, shared, "HS384");
            ObjectNode jws = b.jws();
            HttpResponse<String> r = b.newAccount(jws);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            assertThat(RawAcme.json(r).get("externalAccountBinding")).isEqualTo(jws);
        }
    }

    @Test
    void managementApiAddsKeysAndListsKeyIdsButNeverKeys() throws Exception {
        EabKey added = addKey(acme, 48);
        HttpResponse<String> list = admin(acme, "GET", "/eab-keys", null);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode kids = RawAcme.json(list).get("kids");
        assertThat(kids.toString()).contains("\"" + added.kid() + "\"", "\"" + shared.kid() + "\"");
        assertThat(list.body()).doesNotContain(added.encoded()).doesNotContain(shared.encoded());

        Binding b = new Binding(acme, added, "HS256");
        assertThat(b.send().statusCode()).isEqualTo(201);
    }

    @Test
    void managementApiAnswersAddingTheSameKeyAgainWith200AndAnotherKeyWith409() throws Exception {
        String same = "{\"kid\":\"" + shared.kid() + "\",\"hmacKey\":\"" + shared.encoded() + "\"}";
        assertThat(admin(acme, "POST", "/eab-keys", same).statusCode()).isEqualTo(200);
        String other = "{\"kid\":\"" + shared.kid() + "\",\"hmacKey\":\""
                + randomKey(32).encoded() + "\"}";
        assertThat(admin(acme, "POST", "/eab-keys", other).statusCode()).isEqualTo(409);
    }

    @Test
    void managementApiRefusesMalformedKeys() throws Exception {
        assertThat(admin(acme, "POST", "/eab-keys", "{\"kid\":\"x\"}").statusCode())
                .isEqualTo(400);
        assertThat(admin(acme, "POST", "/eab-keys", "not json").statusCode()).isEqualTo(400);
        HttpResponse<String> badKey = admin(acme, "POST", "/eab-keys", "{\"kid\":\"x\",\"hmacKey\":\"a+b/\"}");
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(badKey.body()).contains("base64url");
        assertThat(admin(acme, "POST", "/eab-keys", "{\"kid\":\"has space\",\"hmacKey\":\"AAAA\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(admin(acme, "DELETE", "/eab-keys", null).statusCode()).isEqualTo(405);
    }
}
