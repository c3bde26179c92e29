package dev.cairn.web.jose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.authority.AccountKey;
import dev.cairn.policy.KeyPolicy;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Turns a JWK (RFC 7517, RFC 7518 §6, RFC 8037) into an {@link AccountKey}: the JDK key, its
 * RFC 7638 thumbprint and the canonical JWK of its required public members.
 *
 * <p>Only the canonical encoding of each key is accepted (fixed-length EC coordinates, no
 * leading zero octets in RSA values), so one key has exactly one thumbprint and one JWK
 * string. An EC point is checked to be on its curve here because the JDK does not check it
 * when it builds the key (invalid-curve attacks, CVE-2022-21449's family). The NIST curves
 * have cofactor 1, so on the curve means in the prime-order group.
 */
public final class JwkKeys {
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static final byte[] ED25519_SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };
    private static final List<String> RSA_ALGS = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");

    private JwkKeys() {}

    /** A decoded JWK: the key and the canonical JSON of its required members (RFC 7638 §3.2). */
    private record Decoded(PublicKey key, String canonicalJson, String algFamily) {}

    public static AccountKey toAccountKey(JsonNode jwk) {
        Decoded d = decode(jwk);
        checkAlgMember(jwk, d);
        checkUseMember(jwk);
        KeyPolicy.checkAccountKey(d.key());
        return new AccountKey(d.key(), thumbprintOf(d.canonicalJson()), d.canonicalJson());
    }

    /** RFC 7638 thumbprint: base64url(SHA-256(canonical JWK)) without padding. */
    public static String thumbprint(JsonNode jwk) {
        return thumbprintOf(decode(jwk).canonicalJson());
    }

    /** The JWK of the required public members of {@code key} (EC, RSA or Ed25519). */
    public static JsonNode toJwk(PublicKey key) {
        ObjectNode jwk = JsonNodeFactory.instance.objectNode();
        if (key instanceof ECPublicKey ec) {
            EcCurve curve = EcCurve.of(ec.getParams());
            if (curve == null) {
                throw new IllegalArgumentException("EC key is not on P-256, P-384 or P-521");
            }
            jwk.put("crv", curve.jwkName());
            jwk.put("kty", "EC");
            jwk.put("x", Base64Url.encode(curve.fixed(ec.getW().getAffineX())));
            jwk.put("y", Base64Url.encode(curve.fixed(ec.getW().getAffineY())));
        } else if (key instanceof RSAPublicKey rsa) {
            jwk.put("e", Base64Url.encode(unsigned(rsa.getPublicExponent())));
            jwk.put("kty", "RSA");
            jwk.put("n", Base64Url.encode(unsigned(rsa.getModulus())));
        } else if (isEd25519(key)) {
            byte[] spki = key.getEncoded();
            jwk.put("crv", "Ed25519");
            jwk.put("kty", "OKP");
            jwk.put("x", Base64Url.encode(Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
        } else {
            throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
        }
        return jwk;
    }

    private static Decoded decode(JsonNode jwk) {
        if (jwk == null || !jwk.isObject()) {
            throw AcmeProblem.malformed("jwk is not a JSON object; send the public key as a JWK object (RFC 7517)");
        }
        for (String m : PRIVATE_MEMBERS) {
            if (jwk.has(m)) {
                throw bad("jwk contains the private member \"" + m + "\"; send only the public key (never the private"
                        + " key)");
            }
        }
        String kty = string(jwk, "kty");
        return switch (kty) {
            case "EC" -> decodeEc(jwk);
            case "RSA" -> decodeRsa(jwk);
            case "OKP" -> decodeOkp(jwk);
            default -> throw bad("jwk has kty \"" + kty + "\"; use EC (P-256, P-384, P-521), RSA or OKP (Ed25519)");
        };
    }

    private static Decoded decodeEc(JsonNode jwk) {
        String crv = string(jwk, "crv");
        EcCurve curve = EcCurve.byJwkName(crv);
        if (curve == null) {
            throw bad("jwk is an EC key on curve \"" + crv + "\"; use P-256, P-384 or P-521");
        }
        String xs = string(jwk, "x");
        String ys = string(jwk, "y");
        BigInteger x = new BigInteger(1, coordinate(xs, "x", curve));
        BigInteger y = new BigInteger(1, coordinate(ys, "y", curve));
        if (!curve.contains(x, y)) {
            throw bad("jwk EC point (x, y) is not on curve " + crv + "; send the key's real public point");
        }
        PublicKey key = generate("EC", new ECPublicKeySpec(new ECPoint(x, y), curve.spec()));
        String json = "{\"crv\":\"" + crv + "\",\"kty\":\"EC\",\"x\":\"" + xs + "\",\"y\":\"" + ys + "\"}";
        return new Decoded(key, json, curve.alg());
    }

    private static byte[] coordinate(String value, String name, EcCurve curve) {
        byte[] bytes = bytes(value, name);
        if (bytes.length != curve.size()) {
            throw bad("jwk \"" + name + "\" is " + bytes.length + " octets; " + curve.jwkName() + " coordinates are"
                    + " exactly " + curve.size() + " octets, left-padded with zeros (RFC 7518 §6.2.1.2)");
        }
        return bytes;
    }

    private static Decoded decodeRsa(JsonNode jwk) {
        String ns = string(jwk, "n");
        String es = string(jwk, "e");
        byte[] n = bytes(ns, "n");
        byte[] e = bytes(es, "e");
        if (n.length == 0 || n[0] == 0 || e.length == 0 || e[0] == 0) {
            throw bad("jwk RSA \"n\" or \"e\" is empty or has leading zero octets; encode them as the minimal"
                    + " unsigned big-endian octets (RFC 7518 §6.3.1)");
        }
        PublicKey key = generate("RSA", new RSAPublicKeySpec(new BigInteger(1, n), new BigInteger(1, e)));
        String json = "{\"e\":\"" + es + "\",\"kty\":\"RSA\",\"n\":\"" + ns + "\"}";
        return new Decoded(key, json, "RSA");
    }

    private static Decoded decodeOkp(JsonNode jwk) {
        String crv = string(jwk, "crv");
        if (!"Ed25519".equals(crv)) {
            throw bad("jwk is an OKP key on curve \"" + crv + "\"; only Ed25519 is accepted");
        }
        String xs = string(jwk, "x");
        byte[] x = bytes(xs, "x");
        if (x.length != 32) {
            throw bad("jwk Ed25519 \"x\" is " + x.length + " octets; an Ed25519 public key is exactly 32 octets");
        }
        byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        PublicKey key = generate("Ed25519", new X509EncodedKeySpec(spki));
        String json = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + xs + "\"}";
        return new Decoded(key, json, "EdDSA");
    }

    /** JWS-09: a JWK {@code alg} member that contradicts the key is refused as badPublicKey. */
    private static void checkAlgMember(JsonNode jwk, Decoded d) {
        JsonNode alg = jwk.get("alg");
        if (alg == null) {
            return;
        }
        boolean fits = alg.isTextual()
                && ("RSA".equals(d.algFamily())
                        ? RSA_ALGS.contains(alg.textValue())
                        : d.algFamily().equals(alg.textValue()));
        if (!fits) {
            throw bad("jwk \"alg\" is " + alg + " but the key is for "
                    + ("RSA".equals(d.algFamily()) ? "RS256" : d.algFamily()) + "; fix or remove the jwk alg member");
        }
    }

    private static void checkUseMember(JsonNode jwk) {
        JsonNode use = jwk.get("use");
        if (use != null && !(use.isTextual() && "sig".equals(use.textValue()))) {
            throw bad("jwk \"use\" is " + use + "; an account key signs, so use \"sig\" or remove the member");
        }
    }

    private static String string(JsonNode jwk, String name) {
        JsonNode v = jwk.get(name);
        if (v == null || !v.isTextual()) {
            throw bad("jwk member \"" + name + "\" is " + (v == null ? "missing" : "not a string")
                    + "; send it as a string (RFC 7518 §6)");
        }
        return v.textValue();
    }

    private static byte[] bytes(String value, String name) {
        byte[] b = Base64Url.decodeOrNull(value);
        if (b == null) {
            throw bad("jwk \"" + name + "\" is not unpadded base64url; use the URL-safe alphabet without '='");
        }
        return b;
    }

    private static PublicKey generate(String algorithm, java.security.spec.KeySpec spec) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(spec);
        } catch (GeneralSecurityException e) {
            throw bad("jwk cannot be turned into a " + algorithm + " public key; check its members");
        }
    }

    private static String thumbprintOf(String canonicalJson) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalJson.getBytes(StandardCharsets.UTF_8));
            return Base64Url.encode(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    static boolean isEd25519(PublicKey key) {
        String a = key.getAlgorithm();
        return "Ed25519".equalsIgnoreCase(a) || ("EdDSA".equalsIgnoreCase(a) && key.getEncoded().length == 44);
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static AcmeProblem bad(String detail) {
        return AcmeProblem.of(ProblemType.BAD_PUBLIC_KEY, detail);
    }
}
