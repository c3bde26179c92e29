package dev.cairn.variation;

import dev.cairn.variation.Variations.Chains;
import dev.cairn.variation.Variations.ExtraMember;
import dev.cairn.variation.Variations.RetryAfter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The per-response side of legal-variation mode. Per run ({@code --vary-per run}) every
 * method returns the run's choice from {@link Variations}; per response it draws afresh, from
 * one seeded {@link Random} per variation, so a client that sends the same requests in the same
 * order sees the same answers. Thread-safe ({@link Random} is).
 *
 * <p>Only call a method whose variation is active; the callers keep Cairn's usual behaviour
 * otherwise.
 */
public final class Rolls {
    private static final long SALT = 0x726f6c6c73L; // "rolls": per-response draws never repeat the start-up ones

    private final Variations variations;
    private final Map<Variation, Random> dice = new EnumMap<>(Variation.class);

    public Rolls(Variations variations) {
        this.variations = variations;
        for (Variation v : Variation.values()) {
            dice.put(v, Variations.random(variations.seed(), v, SALT));
        }
    }

    public static Rolls none() {
        return new Rolls(Variations.none());
    }

    public Variations variations() {
        return variations;
    }

    public boolean has(Variation v) {
        return variations.has(v);
    }

    /** The member names in the order to write them: one fixed order per run, or a fresh shuffle. */
    public List<String> memberOrder(List<String> names) {
        List<String> out = new ArrayList<>(names);
        if (variations.perResponse()) {
            Collections.shuffle(out, dice.get(Variation.MEMBER_ORDER));
        } else {
            long key = variations.memberOrderKey();
            out.sort(Comparator.comparingLong((String n) -> Variations.mix(key ^ n.hashCode()))
                    .thenComparing(Comparator.naturalOrder()));
        }
        return out;
    }

    /** Unknown members for one object that already has the members {@code taken}. */
    public List<ExtraMember> extraMembers(Set<String> taken) {
        if (!variations.perResponse()) {
            return variations.extraMembers().stream()
                    .filter(m -> !taken.contains(m.name()))
                    .toList();
        }
        Random r = dice.get(Variation.EXTRA_MEMBERS);
        return ExtraMembers.fresh(r, taken, 1 + r.nextInt(2));
    }

    /** Retry-After for one processing answer. */
    public RetryAfter retryAfter() {
        return variations.perResponse()
                ? Variations.retryAfter(dice.get(Variation.RETRY_AFTER))
                : variations.retryAfter();
    }

    /** Whether this challenge response waits for its validation. */
    public boolean synchronousValidation() {
        return variations.perResponse() ? dice.get(Variation.SYNC).nextBoolean() : variations.syncValidation();
    }

    /** Whether this finalize response waits for issuance. */
    public boolean synchronousFinalization() {
        return variations.perResponse() ? dice.get(Variation.SYNC).nextBoolean() : variations.syncFinalization();
    }

    /** Which of {@code alternates} (chain numbers) a certificate download links to, in order. */
    public List<Integer> alternates(List<Integer> alternates) {
        List<Integer> out = new ArrayList<>(alternates);
        if (variations.perResponse()) {
            Random r = dice.get(Variation.CHAINS);
            if (r.nextInt(4) == 0) {
                return List.of();
            }
            Collections.shuffle(out, r);
            return out;
        }
        Chains chains = variations.chains();
        if (!chains.offered()) {
            return List.of();
        }
        switch (chains.order()) {
            case REVERSED -> Collections.reverse(out);
            case SHUFFLED -> out.sort(Comparator.comparingLong(i -> Variations.mix(chains.key() + i)));
            case AS_ISSUED -> {}
        }
        return out;
    }
}
