package dev.cairn.faults;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One fault rule, {@code ENDPOINT:KIND:PCT}: that share of the requests to {@code endpoint}
 * (a directory resource name, {@code order}, {@code authz}, {@code challenge}, {@code
 * finalize}, {@code cert}, or {@code *} for every endpoint) is answered with the fault
 * instead of being handled (Pebble issue #399).
 */
public record Fault(String endpoint, Kind kind, int percent) {
    public static final String ANY = "*";
    public static final Set<String> ENDPOINTS = Set.of(
            "newNonce",
            "newAccount",
            "newOrder",
            "newAuthz",
            "order",
            "authz",
            "challenge",
            "finalize",
            "cert",
            "revokeCert",
            "keyChange",
            "account",
            ANY);

    /** What a faulted request gets. */
    public enum Kind {
        /** 503 with Retry-After. */
        UNAVAILABLE("503"),
        /** 429 rateLimited with Retry-After. */
        RATE_LIMITED("429"),
        /** 500 serverInternal. */
        INTERNAL("500");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.code.equals(text)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("fault kind must be 503, 429 or 500, not '" + text + "'");
        }
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        if (!ENDPOINTS.contains(endpoint)) {
            throw new IllegalArgumentException(
                    "unknown fault endpoint '" + endpoint + "'; use one of " + new java.util.TreeSet<>(ENDPOINTS));
        }
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("fault percentage must be 0 to 100, not " + percent);
        }
    }

    /** Parses {@code ENDPOINT:KIND:PCT}, e.g. {@code newOrder:503:50} or {@code *:500:5}. */
    public static Fault parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "a fault is ENDPOINT:KIND:PCT (e.g. newOrder:503:50), not '" + text + "'");
        }
        int percent;
        try {
            percent = Integer.parseInt(parts[2].trim().replace("%", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault percentage in '" + text + "' is not a number", e);
        }
        return new Fault(parts[0].trim(), Kind.parse(parts[1].trim().toLowerCase(Locale.ROOT)), percent);
    }

    public boolean appliesTo(String name) {
        return ANY.equals(endpoint) || endpoint.equals(name);
    }

    @Override
    public String toString() {
        return endpoint + ":" + kind.code() + ":" + percent;
    }
}
