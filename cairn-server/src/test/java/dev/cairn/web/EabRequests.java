package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * External account binding requests built by hand (RFC 8555 §7.3.4): the newAccount payload
 * carries a flattened JWS MACed with an EAB key, {@code kid} = the key id, {@code url} =
 * newAccount, no nonce, payload = the account's public JWK. Each part can be broken.
 */
final class EabRequests {
    static final SecureRandom RANDOM = new SecureRandom();

    private EabRequests() {}

    /** An EAB key as the CA operator hands it out. */
    record EabKey(String kid, byte[] hmac) {
        String encoded() {
            return RawAcme.b64(hmac);
        }
    }

    static EabKey randomKey(int bytes) {
        byte[] hmac = new byte[bytes];
        RANDOM.nextBytes(hmac);
        return new EabKey("kid-" + RANDOM.nextInt(1_000_000_000), hmac);
    }

    /** The pieces of a binding a test may break, each starting out correct. */
    static final class Binding {
        final RawAcme acme;
        final KeyPair accountKey = RawAcme.ecKey("secp256r1");
        final ObjectNode header;
        EabKey macKey;
        String payload;

        Binding(RawAcme acme, EabKey key, String alg) throws Exception {
            this.acme = acme;
            this.macKey = key;
            this.header = RawAcme.JSON.createObjectNode();
            header.put("alg", alg);
            header.put("kid", key.kid());
            header.put("url", acme.url("newAccount"));
            this.payload = RawAcme.jwk(accountKey).toString();
        }

        Binding with(Consumer<Binding> change) {
            change.accept(this);
            return this;
        }

        ObjectNode jws() throws Exception {
            String p = RawAcme.b64(header.toString().getBytes(StandardCharsets.UTF_8));
            String body = RawAcme.b64(payload.getBytes(StandardCharsets.UTF_8));
            String alg = header.path("alg").asText();
            String mac = alg.matches("HS(256|384|512)") ? "HmacSHA" + alg.substring(2) : "HmacSHA256";
            Mac m = Mac.getInstance(mac);
            m.init(new SecretKeySpec(macKey.hmac(), mac));
            ObjectNode jws = RawAcme.JSON.createObjectNode();
            jws.put("protected", p);
            jws.put("payload", body);
            jws.put("signature", RawAcme.b64(m.doFinal((p + "." + body).getBytes(StandardCharsets.US_ASCII))));
            return jws;
        }

        HttpResponse<String> send() throws Exception {
            return newAccount(jws());
        }

        HttpResponse<String> newAccount(JsonNode binding) throws Exception {
            ObjectNode payload = RawAcme.JSON.createObjectNode();
            payload.put("termsOfServiceAgreed", true);
            payload.set("externalAccountBinding", binding);
            return acme.post(acme.url("newAccount"), accountKey, null, payload.toString());
        }

        /** No account exists for this binding's account key. */
        void assertNoAccount() throws Exception {
            assertProblem(
                    acme.post(acme.url("newAccount"), accountKey, null, "{\"onlyReturnExisting\":true}"),
                    400,
                    "accountDoesNotExist");
        }
    }

    static HttpResponse<String> admin(RawAcme acme, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(acme.server.adminUrl() + path));
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return acme.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static EabKey addKey(RawAcme acme, int bytes) throws Exception {
        EabKey key = randomKey(bytes);
        HttpResponse<String> r = admin(
                acme, "POST", "/eab-keys", "{\"kid\":\"" + key.kid() + "\",\"hmacKey\":\"" + key.encoded() + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return key;
    }
}
