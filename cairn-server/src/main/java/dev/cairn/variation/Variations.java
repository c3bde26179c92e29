package dev.cairn.variation;

import dev.cairn.variation.VariationSettings.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The choices of one run in legal-variation mode (issue #4, README "Legal-variation mode"):
 * for every active {@link Variation} the value this run uses, drawn once at start from the
 * seed, so the same seed and settings give the same record. Inactive variations hold Cairn's
 * usual behaviour. Choices that may change per response ({@link Scope#REQUEST}) are drawn by
 * {@link Rolls}; this record then holds what stays fixed (paths, nonce alphabet, HTTP
 * versions, the reuse percentage).
 *
 * <p>Each variation draws from its own {@link Random}, seeded from the seed and the
 * variation, so turning one variation on or off never changes the choices of another.
 *
 * @param paths where the resources live
 * @param memberOrderKey orders members per run (0 when member order is not varied)
 * @param extraMembers unknown members added to every object per run (empty when not varied or per response)
 * @param nonce the nonce spelling, or null when not varied
 * @param retryAfter Retry-After on processing answers per run
 * @param syncValidation whether a challenge response waits for the validation (per run)
 * @param syncFinalization whether a finalize response waits for issuance (per run)
 * @param chains alternate chains per run
 * @param authzReusePercent the reuse percentage, or -1 when not varied
 * @param http2 whether the ACME listener offers HTTP/2 next to HTTP/1.1
 */
public record Variations(
        long seed,
        VariationSettings settings,
        PathShape paths,
        long memberOrderKey,
        List<ExtraMember> extraMembers,
        NonceShape nonce,
        RetryAfter retryAfter,
        boolean syncValidation,
        boolean syncFinalization,
        Chains chains,
        int authzReusePercent,
        boolean http2) {

    /** An unknown member: its name and its value as JSON text. */
    public record ExtraMember(String name, String json) {}

    /** Retry-After on a processing answer: absent, delay-seconds, or an HTTP-date that many seconds ahead. */
    public record RetryAfter(Form form, int seconds) {
        public enum Form {
            ABSENT,
            SECONDS,
            HTTP_DATE
        }

        String describe() {
            return switch (form) {
                case ABSENT -> "absent";
                case SECONDS -> seconds + " s as delay-seconds";
                case HTTP_DATE -> "HTTP-date " + seconds + " s ahead";
            };
        }
    }

    /** Alternate chains (RFC 8555 §7.4.2): offered by Link rel="alternate" or not, and in which order. */
    public record Chains(boolean offered, Order order, long key) {
        public enum Order {
            AS_ISSUED,
            REVERSED,
            SHUFFLED
        }

        String describe() {
            return offered
                    ? "offered, "
                            + order.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    : "not offered";
        }
    }

    public Variations {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(paths, "paths");
        extraMembers = List.copyOf(extraMembers);
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(chains, "chains");
    }

    /** Cairn's usual behaviour: nothing varied. */
    public static Variations none() {
        return choose(VariationSettings.none(), 0, 22);
    }

    /**
     * The choices for {@code settings} under {@code seed}; {@code nonceCoreLength} is the
     * length of the underlying nonces the shape wraps.
     */
    public static Variations choose(VariationSettings settings, long seed, int nonceCoreLength) {
        boolean perRun = settings.scope() == Scope.RUN;
        Random paths = random(seed, Variation.PATHS);
        Random order = random(seed, Variation.MEMBER_ORDER);
        Random extra = random(seed, Variation.EXTRA_MEMBERS);
        Random nonce = random(seed, Variation.NONCE_SHAPE);
        Random retry = random(seed, Variation.RETRY_AFTER);
        Random sync = random(seed, Variation.SYNC);
        Random chains = random(seed, Variation.CHAINS);
        Random reuse = random(seed, Variation.AUTHZ_REUSE);
        Random http = random(seed, Variation.HTTP_VERSION);
        return new Variations(
                seed,
                settings,
                settings.has(Variation.PATHS) ? PathShape.random(paths) : PathShape.standard(),
                settings.has(Variation.MEMBER_ORDER) ? order.nextLong() | 1 : 0,
                settings.has(Variation.EXTRA_MEMBERS) && perRun ? ExtraMembers.some(extra) : List.of(),
                settings.has(Variation.NONCE_SHAPE) ? NonceShape.random(nonce, nonceCoreLength, !perRun) : null,
                settings.has(Variation.RETRY_AFTER) ? retryAfter(retry) : new RetryAfter(RetryAfter.Form.SECONDS, 0),
                !settings.has(Variation.SYNC) || sync.nextBoolean(),
                !settings.has(Variation.SYNC) || sync.nextBoolean(),
                settings.has(Variation.CHAINS)
                        ? new Chains(
                                chains.nextInt(4) != 0, Chains.Order.values()[chains.nextInt(3)], chains.nextLong())
                        : new Chains(true, Chains.Order.AS_ISSUED, 0),
                settings.has(Variation.AUTHZ_REUSE) ? 25 * reuse.nextInt(5) : -1,
                !settings.has(Variation.HTTP_VERSION) || http.nextBoolean());
    }

    static RetryAfter retryAfter(Random r) {
        return new RetryAfter(RetryAfter.Form.values()[r.nextInt(3)], 1 + r.nextInt(3));
    }

    /** The generator of one variation under one seed; {@code salt} separates start-up choices from per-response ones. */
    static Random random(long seed, Variation v, long salt) {
        return new Random(mix(seed ^ salt) + (v.ordinal() + 1) * 0x9E3779B97F4A7C15L);
    }

    static Random random(long seed, Variation v) {
        return random(seed, v, 0);
    }

    /** SplitMix64's finalizer: nearby seeds give unrelated generators. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public boolean has(Variation v) {
        return settings.has(v);
    }

    public boolean perResponse() {
        return settings.scope() == Scope.REQUEST;
    }

    /**
     * The start-up log line: the seed, the scope and every active variation with its value,
     * e.g. {@code legal variations (seed 42, drawn once per run): paths=/x7 nested (…), …}.
     */
    public String describe() {
        if (!settings.any()) {
            return "legal variations: none";
        }
        String each = perResponse() ? "per response" : null;
        List<String> parts = new ArrayList<>();
        for (Variation v : Variation.values()) {
            if (has(v)) {
                parts.add(v.wire() + "=" + value(v, each));
            }
        }
        return "legal variations (seed " + seed + ", " + (perResponse() ? "drawn per response" : "drawn once per run")
                + "): " + String.join("; ", parts);
    }

    private String value(Variation v, String each) {
        return switch (v) {
            case PATHS -> paths.describe();
            case MEMBER_ORDER ->
                each != null ? "shuffled " + each : "one shuffle (key " + Long.toHexString(memberOrderKey) + ")";
            case EXTRA_MEMBERS -> each != null ? "fresh unknown members " + each : "every object also has " + names();
            case NONCE_SHAPE -> nonce.describe();
            case RETRY_AFTER ->
                each != null ? "absent, delay-seconds or HTTP-date (1–3 s) " + each : retryAfter.describe();
            case SYNC ->
                each != null
                        ? "synchronous or processing " + each
                        : "validation " + (syncValidation ? "synchronous" : "via processing") + ", finalization "
                                + (syncFinalization ? "synchronous" : "via processing");
            case CHAINS -> each != null ? "offered or not, shuffled, " + each : chains.describe();
            case AUTHZ_REUSE -> authzReusePercent + "%";
            case HTTP_VERSION -> http2 ? "h2 and http/1.1" : "http/1.1 only";
        };
    }

    /** The extra members' names with the JSON type of their values. */
    private String names() {
        List<String> out = new ArrayList<>();
        for (ExtraMember m : extraMembers) {
            String type = switch (m.json().charAt(0)) {
                case '"' -> "string";
                case '[' -> "array";
                case '{' -> "object";
                case 'n' -> "null";
                case 't', 'f' -> "boolean";
                default -> "number";
            };
            out.add(m.name() + " (" + type + ")");
        }
        return String.join(", ", out);
    }
}
