package dev.cairn.web.jose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Real keys and real JWS signed with the JDK, for the jose tests. Keys are made once per kind. */
final class TestJws {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();

    private TestJws() {}

    /** kind: P-256, P-384, P-521, RSA2048, RSA1024, Ed25519. */
    static KeyPair key(String kind) {
        return KEYS.computeIfAbsent(kind, TestJws::generate);
    }

    static KeyPair generate(String kind) {
        try {
            KeyPairGenerator g;
            switch (kind) {
                case "P-256", "P-384", "P-521" -> {
                    g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp" + kind.substring(2) + "r1"));
                }
                case "RSA2048", "RSA1024" -> {
                    g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(Integer.parseInt(kind.substring(3)));
                }
                case "Ed25519" -> g = KeyPairGenerator.getInstance("Ed25519");
                default -> throw new IllegalArgumentException(kind);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String algFor(String kind) {
        return switch (kind) {
            case "P-256" -> "ES256";
            case "P-384" -> "ES384";
            case "P-521" -> "ES512";
            case "Ed25519" -> "EdDSA";
            default -> "RS256";
        };
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A protected header with alg, nonce, url and the public key as jwk. */
    static ObjectNode jwkHeader(String kind) {
        ObjectNode h = JSON.createObjectNode();
        h.put("alg", algFor(kind));
        h.put("nonce", "bm9uY2Vub25jZW5vbmNlbm9u");
        h.put("url", "https://ca.test/acme/new-account");
        h.set("jwk", JwkKeys.toJwk(key(kind).getPublic()));
        return h;
    }

    /** A flattened JWS of {@code payload} under {@code header}, signed with {@code kind}'s key. */
    static ObjectNode sign(String kind, JsonNode header, String payload) {
        return sign(key(kind).getPrivate(), header.get("alg").asText(), header, payload);
    }

    static ObjectNode sign(PrivateKey key, String alg, JsonNode header, String payload) {
        String protectedB64 = b64(header.toString());
        String payloadB64 = payload.isEmpty() ? "" : b64(payload);
        byte[] input = (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII);
        ObjectNode jws = JSON.createObjectNode();
        jws.put("protected", protectedB64);
        jws.put("payload", payloadB64);
        jws.put("signature", b64(rawSign(key, alg, input)));
        return jws;
    }

    static byte[] rawSign(PrivateKey key, String alg, byte[] input) {
        String name = switch (alg) {
            case "ES256" -> "SHA256withECDSAinP1363Format";
            case "ES384" -> "SHA384withECDSAinP1363Format";
            case "ES512" -> "SHA512withECDSAinP1363Format";
            case "EdDSA" -> "Ed25519";
            default -> "SHA256withRSA";
        };
        try {
            Signature s = Signature.getInstance(name);
            s.initSign(key);
            s.update(input);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
