package dev.cairn.web.jose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.crypto.CryptoBackend;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every JWS algorithm gives the same answers with the native and the pure-Java crypto backend. */
class JwsVerifierBackendsTest {

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (CryptoBackend backend : List.of(CryptoBackend.pureJava(), CryptoBackend.nativeIfAvailable())) {
            for (String kind : List.of("P-256", "P-384", "P-521", "RSA2048", "Ed25519")) {
                cases.add(Arguments.of(backend.isNative() ? "native" : "java", backend, kind));
            }
        }
        return cases;
    }

    private static FlattenedJws signed(String kind) {
        return JwsParser.parse(TestJws.sign(kind, TestJws.jwkHeader(kind), "{\"contact\":[]}"));
    }

    private static FlattenedJws withSignature(FlattenedJws jws, byte[] signature) {
        return new FlattenedJws(
                jws.protectedB64(), jws.payloadB64(), TestJws.b64(signature), jws.header(), jws.payload());
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void acceptsAValidSignatureWithTheJdkKeyAndTheJwkKey(String name, CryptoBackend backend, String kind) {
        FlattenedJws jws = signed(kind);
        PublicKey fromJwk = JwkKeys.toAccountKey(jws.header().jwk()).publicKey();
        assertThat(JwsVerifier.verify(backend, jws, TestJws.key(kind).getPublic()))
                .isTrue();
        assertThat(JwsVerifier.verify(backend, jws, fromJwk)).isTrue();
        assertThat(JwsVerifier.verify(backend, jws, fromJwk))
                .as("again, from the key cache")
                .isTrue();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void refusesAFlippedByteATruncatedSignatureAndAnotherKey(String name, CryptoBackend backend, String kind) {
        FlattenedJws jws = signed(kind);
        byte[] sig = Base64.getUrlDecoder().decode(jws.signatureB64());
        byte[] flipped = sig.clone();
        flipped[sig.length / 2] ^= 0x01;
        PublicKey key = TestJws.key(kind).getPublic();
        assertThat(JwsVerifier.verify(backend, withSignature(jws, flipped), key))
                .isFalse();
        assertThat(JwsVerifier.verify(backend, withSignature(jws, Arrays.copyOf(sig, sig.length - 1)), key))
                .isFalse();
        assertThat(JwsVerifier.verify(backend, withSignature(jws, Arrays.copyOf(sig, sig.length + 1)), key))
                .isFalse();
        assertThat(JwsVerifier.verify(backend, jws, TestJws.generate(kind).getPublic()))
                .isFalse();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void refusesAnEcdsaSignatureInDerForm(String name, CryptoBackend backend, String kind) throws Exception {
        if (!kind.startsWith("P-")) {
            return;
        }
        FlattenedJws jws = signed(kind);
        String hash = switch (kind) {
            case "P-256" -> "SHA256";
            case "P-384" -> "SHA384";
            default -> "SHA512";
        };
        java.security.Signature der = java.security.Signature.getInstance(hash + "withECDSA");
        der.initSign(TestJws.key(kind).getPrivate());
        der.update(jws.signingInput());
        assertThat(JwsVerifier.verify(
                        backend,
                        withSignature(jws, der.sign()),
                        TestJws.key(kind).getPublic()))
                .isFalse();
    }
}
