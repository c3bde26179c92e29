package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.LoopbackCa;
import dev.cairn.variation.NonceShape;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code --vary nonce-shape}: nonces of other lengths and alphabets, still base64url (RFC 8555
 * §6.5.1) and still single use (§6.5).
 */
class NonceShapeVariationTest {
    static void assertShape(String nonce, NonceShape shape) {
        assertThat(nonce).startsWith(shape.prefix());
        assertThat(nonce.length()).isBetween(shape.minLength(), shape.maxLength());
        assertThat(Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(Base64.getUrlDecoder().decode(nonce)))
                .isEqualTo(nonce);
    }

    @Test
    void noncesHaveTheSeedsShapeAndStaySingleUse() throws Exception {
        long seed = Varied.seed(
                "nonce-shape",
                "run",
                v -> v.nonce().minLength() > 30 && !v.nonce().prefix().isEmpty());
        NonceShape shape = Varied.variations("nonce-shape", "run", seed).nonce();
        try (LoopbackCa ca = Varied.start("nonce-shape", "run", seed)) {
            RawAcme acme = new RawAcme(ca.server());
            String fromHead = acme.nonce();
            assertShape(fromHead, shape);
            assertThat(fromHead).hasSize(shape.minLength());

            KeyPair key = RawAcme.ecKey("secp256r1");
            String url = acme.url("newAccount");
            byte[] signed = RawAcme.jws(key, acme.header(key, null, fromHead, url), "{\"termsOfServiceAgreed\":true}")
                    .getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> created = acme.postRaw(url, "application/jose+json", signed);
            assertThat(created.statusCode()).isEqualTo(201);
            assertShape(created.headers().firstValue("Replay-Nonce").orElseThrow(), shape);
            assertProblem(acme.postRaw(url, "application/jose+json", signed), 400, "badNonce");

            String fresh = acme.nonce();
            String tampered = fresh.substring(0, fresh.length() - 1) + (fresh.endsWith("A") ? "Q" : "A");
            byte[] forged = RawAcme.jws(key, acme.header(key, null, tampered, url), "{\"termsOfServiceAgreed\":true}")
                    .getBytes(StandardCharsets.UTF_8);
            assertProblem(acme.postRaw(url, "application/jose+json", forged), 400, "badNonce");
        }
    }

    @Test
    void theShapeDiffersBetweenSeedsAndPerResponseTheLengthVaries() throws Exception {
        Set<String> shapes = new HashSet<>();
        for (long seed = 1; seed <= 3; seed++) {
            shapes.add(Varied.variations("nonce-shape", "run", seed).nonce().describe());
        }
        assertThat(shapes).hasSize(3);
        long seed =
                Varied.seed("nonce-shape", "request", v -> v.nonce().lengths().size() > 8);
        NonceShape shape = Varied.variations("nonce-shape", "request", seed).nonce();
        try (LoopbackCa ca = Varied.start("nonce-shape", "request", seed)) {
            RawAcme acme = new RawAcme(ca.server());
            Set<Integer> lengths = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                String nonce = acme.nonce();
                assertShape(nonce, shape);
                lengths.add(nonce.length());
            }
            assertThat(lengths).hasSizeGreaterThan(2);
            assertThat(new AcmeFlow(acme, ca.http01()).account().kid()).isNotBlank();
        }
    }
}
