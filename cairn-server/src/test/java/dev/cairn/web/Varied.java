package dev.cairn.web;

import dev.cairn.nonce.CounterNonceService;
import dev.cairn.server.CairnConfig;
import dev.cairn.testing.Knobs;
import dev.cairn.testing.LoopbackCa;
import dev.cairn.variation.VariationSettings;
import dev.cairn.variation.Variations;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Legal-variation mode for web tests: the choices a seed makes, the first seed that makes a
 * wanted choice (so a test names the behaviour it needs, not a magic number), and a loopback
 * Cairn running with them.
 */
final class Varied {
    private Varied() {}

    static Variations variations(String vary, String per, long seed) {
        return Variations.choose(VariationSettings.parse(vary, per), seed, CounterNonceService.NONCE_LENGTH);
    }

    /** The first seed from 1 up whose choices satisfy {@code wanted}. */
    static long seed(String vary, String per, Predicate<Variations> wanted) {
        for (long seed = 1; seed < 100_000; seed++) {
            if (wanted.test(variations(vary, per, seed))) {
                return seed;
            }
        }
        throw new AssertionError("no seed below 100000 makes the wanted choice");
    }

    static LoopbackCa start(String vary, String per, long seed) throws Exception {
        return start(vary, per, seed, k -> k, b -> b);
    }

    /** With more test-mode knobs and configuration besides the variation. */
    static LoopbackCa start(
            String vary, String per, long seed, UnaryOperator<Knobs> knobs, UnaryOperator<CairnConfig.Builder> more)
            throws Exception {
        return LoopbackCa.start(b -> more.apply(
                b.testing(knobs.apply(Knobs.off().seed(seed)).build()).variation(VariationSettings.parse(vary, per))));
    }
}
