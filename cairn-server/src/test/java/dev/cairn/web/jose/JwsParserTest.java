package dev.cairn.web.jose;

import static dev.cairn.web.jose.TestJws.JSON;
import static dev.cairn.web.jose.TestJws.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JwsParserTest {

    private static ObjectNode validJws() {
        return TestJws.sign("P-256", TestJws.jwkHeader("P-256"), "{\"termsOfServiceAgreed\":true}");
    }

    @Test
    void parsesAFlattenedJwsIntoHeaderAndPayload() {
        ObjectNode body = validJws();
        FlattenedJws jws = JwsParser.parse(TestJws.bytes(body));

        assertThat(jws.header().alg()).isEqualTo("ES256");
        assertThat(jws.header().nonce()).isEqualTo("bm9uY2Vub25jZW5vbmNlbm9u");
        assertThat(jws.header().url()).isEqualTo("https://ca.test/acme/new-account");
        assertThat(jws.header().kid()).isNull();
        assertThat(jws.header().jwk().get("kty").asText()).isEqualTo("EC");
        assertThat(jws.header().raw().has("jwk")).isTrue();
        assertThat(new String(jws.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"termsOfServiceAgreed\":true}");
        assertThat(jws.isPostAsGet()).isFalse();
        assertThat(new String(jws.signingInput(), StandardCharsets.US_ASCII))
                .isEqualTo(body.get("protected").asText() + "."
                        + body.get("payload").asText());
    }

    @Test
    void anEmptyPayloadIsPostAsGet() {
        ObjectNode header = TestJws.jwkHeader("P-256");
        FlattenedJws jws = JwsParser.parse(TestJws.bytes(TestJws.sign("P-256", header, "")));

        assertThat(jws.isPostAsGet()).isTrue();
        assertThat(jws.payload()).isEmpty();
    }

    @Test
    void aPayloadOfEmptyJsonObjectIsNotPostAsGet() {
        FlattenedJws jws = JwsParser.parse(TestJws.bytes(TestJws.sign("P-256", TestJws.jwkHeader("P-256"), "{}")));
        assertThat(jws.isPostAsGet()).isFalse();
    }

    @Test
    void aMissingNonceIsLeftToThePipeline() {
        ObjectNode header = TestJws.jwkHeader("P-256");
        header.remove("nonce");
        FlattenedJws jws = JwsParser.parse(TestJws.bytes(TestJws.sign("P-256", header, "{}")));
        assertThat(jws.header().nonce()).isNull();
    }

    @Test
    void aKidHeaderIsAccepted() {
        ObjectNode header = TestJws.jwkHeader("P-256");
        header.remove("jwk");
        header.put("kid", "https://ca.test/acme/acct/1");
        FlattenedJws jws = JwsParser.parse(TestJws.bytes(TestJws.sign("P-256", header, "{}")));
        assertThat(jws.header().kid()).isEqualTo("https://ca.test/acme/acct/1");
        assertThat(jws.header().jwk()).isNull();
    }

    @Test
    void anInnerJwsIsParsedFromJson() {
        ObjectNode inner = TestJws.sign("P-384", TestJws.jwkHeader("P-384"), "{\"account\":\"x\"}");
        FlattenedJws jws = JwsParser.parse(inner);
        assertThat(jws.header().alg()).isEqualTo("ES384");
    }

    static Stream<Arguments> malformedBodies() {
        String valid = validJws().toString();
        ObjectNode v = validJws();
        String compact = v.get("protected").asText() + "." + v.get("payload").asText() + "."
                + v.get("signature").asText();
        return Stream.of(
                Arguments.of("empty body", "", "empty"),
                Arguments.of("not JSON", "hello", "not valid JSON"),
                Arguments.of("JSON array", "[" + valid + "]", "not a JSON object"),
                Arguments.of("JSON string", "\"x\"", "not a JSON object"),
                Arguments.of("compact serialization", compact, "compact serialization"),
                Arguments.of("trailing garbage after the object", valid + " {}", "not valid JSON"),
                Arguments.of(
                        "duplicate member",
                        valid.replace("{\"protected\"", "{\"payload\":\"\",\"protected\""),
                        "not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void refusesBodiesThatAreNotAFlattenedJwsObject(String name, String body, String detail) {
        assertMalformed(() -> JwsParser.parse(body.getBytes(StandardCharsets.UTF_8)), detail);
    }

    static Stream<Arguments> malformedEnvelopes() {
        return Stream.of(
                envelope("general serialization", j -> j.set("signatures", JSON.createArrayNode()), "general"),
                envelope(
                        "unprotected header",
                        j -> j.set("header", JSON.createObjectNode().put("kid", "x")),
                        "unprotected"),
                envelope("missing protected", j -> j.without("protected"), "no \"protected\""),
                envelope("missing payload", j -> j.without("payload"), "no \"payload\""),
                envelope("missing signature", j -> j.without("signature"), "no \"signature\""),
                envelope("empty signature", j -> j.put("signature", ""), "empty"),
                envelope("protected is a number", j -> j.put("protected", 5), "base64url string"),
                envelope(
                        "padded payload", j -> j.put("payload", j.get("payload").asText() + "="), "unpadded"),
                envelope("standard base64 alphabet", j -> j.put("signature", "ab+/"), "unpadded"),
                envelope("impossible base64 length", j -> j.put("payload", "abcde"), "unpadded"),
                envelope("header is not JSON", j -> j.put("protected", b64("nope")), "not valid JSON"),
                envelope("header is an array", j -> j.put("protected", b64("[1]")), "not a JSON object"),
                envelope("header is empty", j -> j.put("protected", ""), "not a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedEnvelopes")
    void refusesMalformedEnvelopes(String name, UnaryOperator<ObjectNode> change, String detail) {
        ObjectNode jws = change.apply(validJws());
        assertMalformed(() -> JwsParser.parse(TestJws.bytes(jws)), detail);
    }

    static Stream<Arguments> malformedHeaders() {
        return Stream.of(
                header("b64 false", h -> h.put("b64", false), "unencoded payload"),
                header("crit member", h -> h.set("crit", JSON.createArrayNode().add("b64")), "crit"),
                header("missing url", h -> h.without("url"), "no \"url\""),
                header("url is a number", h -> h.put("url", 1), "send a string"),
                header("missing alg", h -> h.without("alg"), "no \"alg\""),
                header("both jwk and kid", h -> h.put("kid", "https://ca.test/acme/acct/1"), "mutually exclusive"),
                header("neither jwk nor kid", h -> h.without("jwk"), "neither"),
                header("jwk is a string", h -> h.put("jwk", "key"), "JWK object"),
                header("duplicate member", null, "not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeaders")
    void refusesMalformedProtectedHeaders(String name, UnaryOperator<ObjectNode> change, String detail) {
        String headerJson;
        if (change == null) {
            String h = TestJws.jwkHeader("P-256").toString();
            headerJson = h.replace("{\"alg\":\"ES256\"", "{\"alg\":\"ES256\",\"alg\":\"none\"");
        } else {
            headerJson = change.apply(TestJws.jwkHeader("P-256")).toString();
        }
        ObjectNode jws = validJws().put("protected", b64(headerJson));
        assertMalformed(() -> JwsParser.parse(TestJws.bytes(jws)), detail);
    }

    @Test
    void refusesANullNode() {
        assertMalformed(() -> JwsParser.parse((com.fasterxml.jackson.databind.JsonNode) null), "not a JSON object");
    }

    private static Arguments envelope(String name, UnaryOperator<ObjectNode> change, String detail) {
        return Arguments.of(name, change, detail);
    }

    private static Arguments header(String name, UnaryOperator<ObjectNode> change, String detail) {
        return Arguments.of(name, change, detail);
    }

    private static void assertMalformed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AcmeProblem.class, p -> {
            assertThat(p.type()).isEqualTo(ProblemType.MALFORMED);
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.detail()).contains(detail);
        });
    }
}
