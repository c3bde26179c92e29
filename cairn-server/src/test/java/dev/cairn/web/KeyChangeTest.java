package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Account key rollover (RFC 8555 §7.3.5), built by hand: the outer JWS is signed by the old
 * key with {@code kid}; its payload is an inner flattened JWS signed by the new key with
 * {@code jwk}, {@code url} = keyChange and no nonce, over {@code {"account", "oldKey"}}.
 */
class KeyChangeTest {
    static CairnServer server;
    static RawAcme acme;

    @BeforeAll
    static void start() throws Exception {
        server = CairnServer.start(CairnConfig.builder().forTests().build());
        acme = new RawAcme(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The pieces of a key change request a test may break, each starting out correct. */
    static final class Rollover {
        final KeyPair oldKey;
        final String kid;
        KeyPair newKey;
        KeyPair innerSigner;
        final ObjectNode innerHeader;
        final ObjectNode innerPayload;
        boolean breakInnerSignature;

        Rollover(KeyPair oldKey, String kid, KeyPair newKey) {
            this.oldKey = oldKey;
            this.kid = kid;
            this.newKey = newKey;
            this.innerSigner = newKey;
            this.innerHeader = acme.header(newKey, null, null, acme.url("keyChange"));
            this.innerPayload = RawAcme.JSON.createObjectNode();
            innerPayload.put("account", kid);
            innerPayload.set("oldKey", RawAcme.jwk(oldKey));
        }

        Rollover with(Consumer<Rollover> change) {
            change.accept(this);
            return this;
        }

        HttpResponse<String> send() throws Exception {
            String inner = RawAcme.jws(innerSigner, innerHeader, innerPayload.toString());
            if (breakInnerSignature) {
                ObjectNode node = (ObjectNode) RawAcme.JSON.readTree(inner);
                String sig = node.get("signature").asText();
                node.put("signature", (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1));
                inner = node.toString();
            }
            return acme.post(acme.url("keyChange"), oldKey, kid, inner);
        }
    }

    static Rollover rollover() throws Exception {
        KeyPair oldKey = RawAcme.ecKey("secp256r1");
        return new Rollover(oldKey, acme.newAccount(oldKey), RawAcme.ecKey("secp256r1"));
    }

    /** The request was refused and the account still answers to its old key. */
    static void assertRefusedAndUnchanged(Rollover r, int status, String type) throws Exception {
        assertProblem(r.send(), status, type);
        assertThat(acme.post(r.kid, r.oldKey, r.kid, "").statusCode()).isEqualTo(200);
    }

    @Test
    void rolloverAnswers200ThenTheNewKeyWorksOnTheSameAccountAndTheOldOneIsRefused() throws Exception {
        Rollover r = rollover();
        HttpResponse<String> changed = r.send();
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(changed.headers().firstValue("Replay-Nonce")).isPresent();
        assertThat(RawAcme.json(changed).get("status").asText()).isEqualTo("valid");

        HttpResponse<String> withNew = acme.post(r.kid, r.newKey, r.kid, "");
        assertThat(withNew.statusCode()).isEqualTo(200);
        HttpResponse<String> withOld = acme.post(r.kid, r.oldKey, r.kid, "");
        assertThat(withOld.statusCode()).isBetween(400, 499);
        assertThat(withOld.headers().firstValue("Content-Type")).hasValue(Replies.PROBLEM_JSON);
        HttpResponse<String> lookup =
                acme.post(acme.url("newAccount"), r.newKey, null, "{\"onlyReturnExisting\":true}");
        assertThat(lookup.statusCode()).isEqualTo(200);
        assertThat(lookup.headers().firstValue("Location")).hasValue(r.kid);
        assertProblem(
                acme.post(acme.url("newAccount"), r.oldKey, null, "{\"onlyReturnExisting\":true}"),
                400,
                "accountDoesNotExist");
    }

    @Test
    void innerJwsWithKidInsteadOfJwkIsMalformed() throws Exception {
        Rollover r = rollover().with(x -> {
            x.innerHeader.remove("jwk");
            x.innerHeader.put("kid", x.kid);
        });
        assertRefusedAndUnchanged(r, 400, "malformed");
    }

    @Test
    void innerJwsWithANonceIsMalformed() throws Exception {
        Rollover r = rollover();
        r.innerHeader.put("nonce", acme.nonce());
        assertRefusedAndUnchanged(r, 400, "malformed");
    }

    @Test
    void innerUrlThatIsNotTheKeyChangeUrlIsMalformed() throws Exception {
        Rollover r = rollover().with(x -> x.innerHeader.put("url", acme.url("newAccount")));
        assertRefusedAndUnchanged(r, 400, "malformed");
    }

    @Test
    void innerAccountThatIsNotTheOuterKidIsMalformed() throws Exception {
        Rollover r = rollover();
        String other = acme.newAccount(RawAcme.ecKey("secp256r1"));
        r.innerPayload.put("account", other);
        assertRefusedAndUnchanged(r, 400, "malformed");
        r.innerPayload.remove("account");
        assertRefusedAndUnchanged(r, 400, "malformed");
    }

    @Test
    void innerOldKeyThatIsNotTheCurrentKeyIsMalformed() throws Exception {
        Rollover r = rollover();
        r.innerPayload.set("oldKey", RawAcme.jwk(RawAcme.ecKey("secp256r1")));
        assertRefusedAndUnchanged(r, 400, "malformed");
        r.innerPayload.set("oldKey", RawAcme.jwk(r.newKey));
        assertRefusedAndUnchanged(r, 400, "malformed");
    }

    @Test
    void brokenInnerSignatureIsMalformed() throws Exception {
        assertRefusedAndUnchanged(rollover().with(x -> x.breakInnerSignature = true), 400, "malformed");
    }

    @Test
    void innerJwsSignedByAnotherKeyThanItsJwkIsMalformed() throws Exception {
        Rollover r = rollover();
        r.innerSigner = RawAcme.ecKey("secp256r1");
        assertRefusedAndUnchanged(r, 400, "malformed");
    }

    @Test
    void rollingOverToTheCurrentKeyIsMalformed() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        Rollover r = new Rollover(key, acme.newAccount(key), key);
        assertRefusedAndUnchanged(r, 400, "malformed");
    }

    @Test
    void newKeyOfAnotherAccountIs409WithThatAccountsLocationAndAProblem() throws Exception {
        KeyPair otherKey = RawAcme.ecKey("secp256r1");
        String otherKid = acme.newAccount(otherKey);
        KeyPair oldKey = RawAcme.ecKey("secp256r1");
        Rollover r = new Rollover(oldKey, acme.newAccount(oldKey), otherKey);
        HttpResponse<String> conflict = r.send();
        assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Location")).hasValue(otherKid);
        assertThat(conflict.headers().firstValue("Content-Type")).hasValue(Replies.PROBLEM_JSON);
        JsonNode problem = RawAcme.json(conflict);
        assertThat(problem.get("type").asText()).startsWith("urn:ietf:params:acme:error:");
        assertThat(problem.get("detail").asText()).contains(otherKid);
        assertThat(problem.get("status").asInt()).isEqualTo(409);
        assertThat(acme.post(r.kid, oldKey, r.kid, "").statusCode()).isEqualTo(200);
        assertThat(acme.post(otherKid, otherKey, otherKid, "").statusCode()).isEqualTo(200);
    }

    @Test
    void keyChangeWithoutAPayloadOrWithAnEmptyObjectIsMalformed() throws Exception {
        Rollover r = rollover();
        assertProblem(acme.post(acme.url("keyChange"), r.oldKey, r.kid, ""), 400, "malformed");
        assertProblem(acme.post(acme.url("keyChange"), r.oldKey, r.kid, "{}"), 400, "malformed");
    }
}
