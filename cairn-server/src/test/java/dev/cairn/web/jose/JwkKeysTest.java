package dev.cairn.web.jose;

import static dev.cairn.web.jose.TestJws.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import dev.cairn.authority.AccountKey;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import java.math.BigInteger;
import java.security.PublicKey;
import java.util.Base64;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JwkKeysTest {
    // RFC 7638 §3.1
    private static final String RFC7638_N =
            "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_"
                    + "BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQ"
                    + "MicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPks"
                    + "INHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    private static final String RFC7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    private static ObjectNode rfc7638Jwk() {
        return JSON.createObjectNode()
                .put("kty", "RSA")
                .put("n", RFC7638_N)
                .put("e", "AQAB")
                .put("alg", "RS256")
                .put("kid", "2011-04-29");
    }

    @Test
    void thumbprintMatchesRfc7638Example() {
        assertThat(JwkKeys.thumbprint(rfc7638Jwk())).isEqualTo(RFC7638_THUMBPRINT);
    }

    @Test
    void accountKeyOfRfc7638ExampleHasCanonicalJwkAndThumbprint() {
        AccountKey key = JwkKeys.toAccountKey(rfc7638Jwk());
        assertThat(key.thumbprint()).isEqualTo(RFC7638_THUMBPRINT);
        assertThat(key.jwkJson()).isEqualTo("{\"e\":\"AQAB\",\"kty\":\"RSA\",\"n\":\"" + RFC7638_N + "\"}");
        assertThat(key.publicKey().getAlgorithm()).isEqualTo("RSA");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"P-256", "P-384", "P-521", "RSA2048", "Ed25519"})
    void aGeneratedKeyRoundTripsThroughItsJwk(String kind) {
        PublicKey original = TestJws.key(kind).getPublic();
        JsonNode jwk = JwkKeys.toJwk(original);

        AccountKey key = JwkKeys.toAccountKey(jwk);

        assertThat(key.sameKeyAs(original)).isTrue();
        assertThat(key.jwkJson()).isEqualTo(jwk.toString());
        assertThat(key.thumbprint()).matches("^[A-Za-z0-9_-]{43}$").isEqualTo(JwkKeys.thumbprint(jwk));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"P-256", "P-384", "P-521", "RSA2048"})
    void thumbprintAgreesWithNimbus(String kind) throws Exception {
        JsonNode jwk = JwkKeys.toJwk(TestJws.key(kind).getPublic());
        String nimbus = JWK.parse(jwk.toString()).computeThumbprint().toString();
        assertThat(JwkKeys.thumbprint(jwk)).isEqualTo(nimbus);
    }

    @Test
    void optionalMembersDoNotChangeTheThumbprint() {
        ObjectNode jwk = (ObjectNode) JwkKeys.toJwk(TestJws.key("P-256").getPublic());
        String plain = JwkKeys.thumbprint(jwk);
        jwk.put("kid", "k1").put("use", "sig").put("alg", "ES256");
        assertThat(JwkKeys.toAccountKey(jwk).thumbprint()).isEqualTo(plain);
        assertThat(JwkKeys.toAccountKey(jwk).jwkJson()).doesNotContain("kid");
    }

    static Stream<Arguments> badPublicKeys() {
        return Stream.of(
                bad(
                        "EC point not on the curve",
                        "P-256",
                        j -> j.put("y", flipLastBit(j.get("y").asText())),
                        "not on curve"),
                bad(
                        "EC coordinate too short",
                        "P-256",
                        j -> j.put("x", shorten(j.get("x").asText())),
                        "exactly 32"),
                bad(
                        "P-521 coordinate without its leading zero",
                        "P-521",
                        j -> j.put("x", shorten(j.get("x").asText())),
                        "exactly 66"),
                bad("EC private member d", "P-256", j -> j.put("d", "AAAA"), "private member \"d\""),
                bad("RSA private member p", "RSA2048", j -> j.put("p", "AAAA"), "private member \"p\""),
                bad(
                        "symmetric key",
                        "P-256",
                        j -> JSON.createObjectNode().put("kty", "oct").put("k", "AAAA"),
                        "private member \"k\""),
                bad("unknown kty", "P-256", j -> j.put("kty", "XYZ"), "kty \"XYZ\""),
                bad("missing kty", "P-256", j -> j.without("kty"), "\"kty\" is missing"),
                bad("secp256k1 curve", "P-256", j -> j.put("crv", "secp256k1"), "curve \"secp256k1\""),
                bad("X25519 curve", "Ed25519", j -> j.put("crv", "X25519"), "only Ed25519"),
                bad(
                        "Ed25519 key of 31 octets",
                        "Ed25519",
                        j -> j.put("x", shorten(j.get("x").asText())),
                        "exactly 32"),
                bad(
                        "RSA modulus with a leading zero",
                        "RSA2048",
                        j -> j.put("n", withLeadingZero(j.get("n").asText())),
                        "leading zero"),
                bad("RSA 1024 refused by key policy", "RSA1024", j -> j, "1024-bit"),
                bad(
                        "padded base64url coordinate",
                        "P-256",
                        j -> j.put("x", j.get("x").asText() + "="),
                        "base64url"),
                bad("coordinate is a number", "P-256", j -> j.put("x", 5), "not a string"),
                bad("jwk alg contradicts an EC key", "P-256", j -> j.put("alg", "ES384"), "alg"),
                bad("jwk alg RS256 on an EC key", "P-256", j -> j.put("alg", "RS256"), "alg"),
                bad("jwk alg ES256 on an RSA key", "RSA2048", j -> j.put("alg", "ES256"), "alg"),
                bad("jwk use enc", "P-256", j -> j.put("use", "enc"), "\"use\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPublicKeys")
    void refusesBadPublicKeys(String name, String kind, UnaryOperator<ObjectNode> change, String detail) {
        ObjectNode jwk =
                change.apply(((ObjectNode) JwkKeys.toJwk(TestJws.key(kind).getPublic())).deepCopy());
        assertThatThrownBy(() -> JwkKeys.toAccountKey(jwk)).isInstanceOfSatisfying(AcmeProblem.class, p -> {
            assertThat(p.type()).isEqualTo(ProblemType.BAD_PUBLIC_KEY);
            assertThat(p.detail()).contains(detail);
        });
    }

    @Test
    void aJwkThatIsNotAnObjectIsMalformed() {
        assertThatThrownBy(() -> JwkKeys.toAccountKey(JSON.getNodeFactory().textNode("key")))
                .isInstanceOfSatisfying(
                        AcmeProblem.class, p -> assertThat(p.type()).isEqualTo(ProblemType.MALFORMED));
    }

    @Test
    void anRsaJwkWithAnyRsaAlgIsAccepted() {
        ObjectNode jwk = rfc7638Jwk().put("alg", "PS256");
        assertThat(JwkKeys.toAccountKey(jwk).thumbprint()).isEqualTo(RFC7638_THUMBPRINT);
    }

    private static Arguments bad(String name, String kind, UnaryOperator<ObjectNode> change, String detail) {
        return Arguments.of(name, kind, change, detail);
    }

    private static String flipLastBit(String b64) {
        byte[] b = Base64.getUrlDecoder().decode(b64);
        b[b.length - 1] ^= 1;
        return TestJws.b64(b);
    }

    private static String shorten(String b64) {
        byte[] b = Base64.getUrlDecoder().decode(b64);
        return TestJws.b64(java.util.Arrays.copyOf(b, b.length - 1));
    }

    private static String withLeadingZero(String b64) {
        byte[] b = new BigInteger(1, Base64.getUrlDecoder().decode(b64)).toByteArray();
        byte[] out = new byte[b.length + (b[0] == 0 ? 0 : 1)];
        System.arraycopy(b, 0, out, out.length - b.length, b.length);
        return TestJws.b64(out);
    }
}
