package dev.cairn.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.cairn.server.CairnServer;
import dev.cairn.testing.Acme4jSessions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A deliberately low-level ACME client for web tests: it builds every JWS by hand so a test
 * can break any one part of a request and see exactly what Cairn answers.
 */
final class RawAcme {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    final CairnServer server;
    final HttpClient http;
    final JsonNode directory;

    RawAcme(CairnServer server) throws Exception {
        this.server = server;
        this.http = HttpClient.newBuilder()
                .sslContext(trusting(server))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.directory = JSON.readTree(get(server.directoryUrl().toString()).body());
    }

    static SSLContext trusting(CairnServer server) {
        return Acme4jSessions.trusting(server.trustAnchor());
    }

    String url(String name) {
        return directory.get(name).asText();
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String nonce() throws Exception {
        return send("HEAD", url("newNonce"))
                .headers()
                .firstValue("Replay-Nonce")
                .orElseThrow();
    }

    HttpResponse<String> postRaw(String url, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A signed POST with a fresh nonce; {@code kid} null means the key goes in {@code jwk}. */
    HttpResponse<String> post(String url, KeyPair key, String kid, String payload) throws Exception {
        return postRaw(
                url,
                "application/jose+json",
                jws(key, header(key, kid, nonce(), url), payload).getBytes(StandardCharsets.UTF_8));
    }

    ObjectNode header(KeyPair key, String kid, String nonce, String url) {
        ObjectNode h = JSON.createObjectNode();
        h.put("alg", alg(key));
        if (kid == null) {
            h.set("jwk", jwk(key));
        } else {
            h.put("kid", kid);
        }
        if (nonce != null) {
            h.put("nonce", nonce);
        }
        if (url != null) {
            h.put("url", url);
        }
        return h;
    }

    static String jws(KeyPair key, ObjectNode header, String payload) throws Exception {
        String p = B64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8));
        String body = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        String sig = B64.encodeToString(sign(key, (p + "." + body).getBytes(StandardCharsets.US_ASCII)));
        ObjectNode jws = JSON.createObjectNode();
        jws.put("protected", p);
        jws.put("payload", body);
        jws.put("signature", sig);
        return jws.toString();
    }

    static byte[] sign(KeyPair key, byte[] input) throws Exception {
        if (key.getPublic() instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            String alg = bits == 256 ? "SHA256withECDSA" : bits == 384 ? "SHA384withECDSA" : "SHA512withECDSA";
            Signature s = Signature.getInstance(alg);
            s.initSign(key.getPrivate());
            s.update(input);
            int len = bits == 256 ? 64 : bits == 384 ? 96 : 132;
            return ECDSA.transcodeSignatureToConcat(s.sign(), len);
        }
        if (key.getPublic() instanceof RSAPublicKey) {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key.getPrivate());
            s.update(input);
            return s.sign();
        }
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key.getPrivate());
        s.update(input);
        return s.sign();
    }

    static String alg(KeyPair key) {
        if (key.getPublic() instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits == 256 ? "ES256" : bits == 384 ? "ES384" : "ES512";
        }
        return key.getPublic() instanceof RSAPublicKey ? "RS256" : "EdDSA";
    }

    static JsonNode jwk(KeyPair key) {
        Map<String, Object> map;
        if (key.getPublic() instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            Curve curve = bits == 256 ? Curve.P_256 : bits == 384 ? Curve.P_384 : Curve.P_521;
            map = new ECKey.Builder(curve, ec).build().toJSONObject();
        } else if (key.getPublic() instanceof RSAPublicKey rsa) {
            map = new RSAKey.Builder(rsa).build().toJSONObject();
        } else {
            byte[] spki = key.getPublic().getEncoded();
            byte[] x = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
            map = Map.of("kty", "OKP", "crv", "Ed25519", "x", B64.encodeToString(x));
        }
        return JSON.valueToTree(map);
    }

    static KeyPair ecKey(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    static KeyPair rsaKey(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    /** Creates an account; returns its URL (the kid). */
    String newAccount(KeyPair key) throws Exception {
        HttpResponse<String> r = post(url("newAccount"), key, null, "{\"termsOfServiceAgreed\":true}");
        if (r.statusCode() != 201) {
            throw new AssertionError("newAccount failed: " + r.statusCode() + " " + r.body());
        }
        return r.headers().firstValue("Location").orElseThrow();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }
}
