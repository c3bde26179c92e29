package dev.cairn.web.jose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwsVerifierTest {

    private static FlattenedJws signed(String kind) {
        return JwsParser.parse(TestJws.sign(kind, TestJws.jwkHeader(kind), "{\"contact\":[]}"));
    }

    private static FlattenedJws withSignature(FlattenedJws jws, byte[] signature) {
        return new FlattenedJws(
                jws.protectedB64(), jws.payloadB64(), TestJws.b64(signature), jws.header(), jws.payload());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"P-256", "P-384", "P-521", "RSA2048", "Ed25519"})
    void acceptsAValidSignature(String kind) {
        FlattenedJws jws = signed(kind);
        assertThat(JwsVerifier.verify(jws, TestJws.key(kind).getPublic())).isTrue();
        assertThat(JwsVerifier.verify(
                        jws, JwkKeys.toAccountKey(jws.header().jwk()).publicKey()))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"P-256", "P-384", "P-521", "RSA2048", "Ed25519"})
    void refusesASignatureWithOneFlippedByte(String kind) {
        FlattenedJws jws = signed(kind);
        byte[] sig = Base64.getUrlDecoder().decode(jws.signatureB64());
        sig[sig.length / 2] ^= 0x01;
        assertThat(JwsVerifier.verify(withSignature(jws, sig), TestJws.key(kind).getPublic()))
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"P-256", "P-384", "P-521", "RSA2048", "Ed25519"})
    void refusesASignatureOfTheWrongLength(String kind) {
        FlattenedJws jws = signed(kind);
        byte[] sig = Base64.getUrlDecoder().decode(jws.signatureB64());
        assertThat(JwsVerifier.verify(
                        withSignature(jws, java.util.Arrays.copyOf(sig, sig.length + 1)),
                        TestJws.key(kind).getPublic()))
                .isFalse();
        assertThat(JwsVerifier.verify(
                        withSignature(jws, java.util.Arrays.copyOf(sig, sig.length - 1)),
                        TestJws.key(kind).getPublic()))
                .isFalse();
        assertThat(JwsVerifier.verify(
                        withSignature(jws, new byte[0]), TestJws.key(kind).getPublic()))
                .isFalse();
    }

    @Test
    void refusesAnEcdsaSignatureInDerForm() throws Exception {
        FlattenedJws jws = signed("P-256");
        java.security.Signature der = java.security.Signature.getInstance("SHA256withECDSA");
        der.initSign(TestJws.key("P-256").getPrivate());
        der.update(jws.signingInput());
        assertThat(JwsVerifier.verify(
                        withSignature(jws, der.sign()), TestJws.key("P-256").getPublic()))
                .isFalse();
    }

    @Test
    void refusesAnAllZeroEcdsaSignature() {
        FlattenedJws jws = signed("P-256");
        assertThat(JwsVerifier.verify(
                        withSignature(jws, new byte[64]), TestJws.key("P-256").getPublic()))
                .isFalse();
    }

    @Test
    void refusesASignatureMadeByAnotherKey() {
        KeyPair other = TestJws.generate("P-256");
        FlattenedJws jws = signed("P-256");
        assertThat(JwsVerifier.verify(jws, other.getPublic())).isFalse();
    }

    @Test
    void refusesWhenTheAlgDoesNotFitTheKey() {
        ObjectNode header = TestJws.jwkHeader("P-256").put("alg", "ES384");
        FlattenedJws jws = JwsParser.parse(TestJws.sign(TestJws.key("P-256").getPrivate(), "ES256", header, "{}"));
        assertThat(JwsVerifier.verify(jws, TestJws.key("P-256").getPublic())).isFalse();
    }

    @Test
    void refusesAChangedPayload() {
        FlattenedJws jws = signed("Ed25519");
        FlattenedJws changed = new FlattenedJws(
                jws.protectedB64(), TestJws.b64("{\"contact\":[1]}"), jws.signatureB64(), jws.header(), jws.payload());
        assertThat(JwsVerifier.verify(changed, TestJws.key("Ed25519").getPublic()))
                .isFalse();
    }

    @Test
    void acceptsEcdsaAndRsaSignaturesMadeByNimbus() throws Exception {
        KeyPair ec = TestJws.key("P-384");
        JWSObject esJws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES384)
                        .customParam("url", "u")
                        .jwk(com.nimbusds.jose.jwk.JWK.parse(
                                JwkKeys.toJwk(ec.getPublic()).toString()))
                        .build(),
                new Payload("{}"));
        esJws.sign(new ECDSASigner((ECPrivateKey) ec.getPrivate()));
        KeyPair rsa = TestJws.key("RSA2048");
        JWSObject rsJws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .customParam("url", "u")
                        .keyID("https://ca.test/acct/1")
                        .build(),
                new Payload(""));
        rsJws.sign(new RSASSASigner(rsa.getPrivate()));

        assertThat(JwsVerifier.verify(fromNimbus(esJws), ec.getPublic())).isTrue();
        assertThat(JwsVerifier.verify(fromNimbus(rsJws), rsa.getPublic())).isTrue();
    }

    private static FlattenedJws fromNimbus(JWSObject jws) {
        String[] parts = jws.serialize().split("\\.", -1);
        ObjectNode body = TestJws.JSON
                .createObjectNode()
                .put("protected", parts[0])
                .put("payload", parts[1])
                .put("signature", parts[2]);
        return JwsParser.parse(body);
    }
}
