package dev.cairn.nonce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.variation.NonceShape;
import dev.cairn.variation.VariationSettings;
import dev.cairn.variation.VariationSettings.Scope;
import dev.cairn.variation.Variations;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShapedNonceServiceTest {
    static LongStream seeds() {
        return LongStream.range(0, 24);
    }

    static NonceShape shape(long seed, Scope scope) {
        return Variations.choose(VariationSettings.parse("nonce-shape", scope.name()), seed, 22)
                .nonce();
    }

    static ShapedNonceService service(NonceShape shape) {
        return new ShapedNonceService(
                new CounterNonceService(Clock.systemUTC(), new SecureRandom()), shape, new SecureRandom());
    }

    /** Strict unpadded base64url (RFC 4648 §5 and §3.5): decodes, and re-encodes to the same text. */
    static boolean strictBase64url(String s) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(s);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyNonceFollowsTheShapeAndIsStrictBase64url(long seed) {
        for (Scope scope : Scope.values()) {
            NonceShape shape = shape(seed, scope);
            ShapedNonceService nonces = service(shape);
            for (int i = 0; i < 50; i++) {
                String nonce = nonces.issue();
                assertThat(nonce).startsWith(shape.prefix());
                assertThat(nonce.length()).isBetween(shape.minLength(), shape.maxLength());
                assertThat(strictBase64url(nonce)).as(nonce).isTrue();
                String tag = nonce.substring(shape.prefix().length() + 22);
                assertThat(tag.chars()).allMatch(c -> shape.alphabet().indexOf(c) >= 0);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aNonceIsAcceptedOnceOnly(long seed) {
        ShapedNonceService nonces = service(shape(seed, Scope.REQUEST));
        String nonce = nonces.issue();
        assertThat(nonces.redeem(nonce)).isTrue();
        assertThat(nonces.redeem(nonce)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void refusalsSayWhetherTheNonceWasReusedOrNeverIssued(long seed) {
        ShapedNonceService nonces = service(shape(seed, Scope.REQUEST));
        String nonce = nonces.issue();
        assertThat(nonces.spend(nonce)).isEqualTo(NonceService.Redemption.ACCEPTED);
        assertThat(nonces.spend(nonce)).isEqualTo(NonceService.Redemption.REUSED);
        assertThat(nonces.spend(nonce + "A")).isEqualTo(NonceService.Redemption.NOT_ISSUED);
        assertThat(nonces.spend("short")).isEqualTo(NonceService.Redemption.NOT_ISSUED);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void noOtherSpellingOfANonceIsAcceptedAndTryingOneDoesNotSpendIt(long seed) {
        NonceShape shape = shape(seed, Scope.RUN);
        ShapedNonceService nonces = service(shape);
        String nonce = nonces.issue();
        int p = shape.prefix().length();
        String core = nonce.substring(p, p + 22);
        Set<String> others = new HashSet<>(Arrays.asList(
                core,
                nonce + "A",
                nonce.substring(0, nonce.length() - 1),
                "A" + nonce,
                nonce.substring(0, nonce.length() - 1) + (nonce.endsWith("A") ? "Q" : "A"),
                nonce.replace(shape.prefix(), shape.prefix().toLowerCase(java.util.Locale.ROOT) + "x")));
        others.remove(nonce);
        for (String other : others) {
            assertThat(nonces.redeem(other)).as(other).isFalse();
        }
        assertThat(nonces.redeem(nonce)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void perResponseShapesSpreadNoncesOverTheirLengths(long seed) {
        NonceShape shape = shape(seed, Scope.REQUEST);
        ShapedNonceService nonces = service(shape);
        Set<Integer> lengths = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            lengths.add(nonces.issue().length());
        }
        assertThat(lengths).containsAnyElementsOf(shape.lengths());
        assertThat(lengths.size())
                .isGreaterThanOrEqualTo(Math.min(3, shape.lengths().size()));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void garbageIsRefused(long seed) {
        ShapedNonceService nonces = service(shape(seed, Scope.RUN));
        for (String bad : new String[] {null, "", "A", "é".repeat(90), "!".repeat(90)}) {
            assertThat(nonces.redeem(bad)).isFalse();
        }
    }
}
