package dev.cairn.variation;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** One dimension of legal-variation mode: a choice RFC 8555 leaves to the server (README "Legal-variation mode"). */
public enum Variation {
    /** Resource paths and URL shapes; the directory stays at {@code /directory} (RFC 8555 §7.1.1). */
    PATHS("paths"),
    /** JSON member order in every object (RFC 8259 §4: objects are unordered). */
    MEMBER_ORDER("member-order"),
    /** Unknown members in every object, which clients must ignore (RFC 8555 §9.7 registries, RFC 7807 §3.2). */
    EXTRA_MEMBERS("extra-members"),
    /** Nonce length and alphabet within base64url (RFC 8555 §6.5.1). */
    NONCE_SHAPE("nonce-shape"),
    /** Presence, value and form of Retry-After on processing answers (RFC 8555 §7.4, §7.5.1: MAY). */
    RETRY_AFTER("retry-after"),
    /** Validation and finalization done within the response or via {@code processing} (RFC 8555 §7.4, §7.5.1). */
    SYNC("sync"),
    /** Whether alternate chains are offered, and their order (RFC 8555 §7.4.2: MAY). */
    CHAINS("chains"),
    /** How often newOrder reuses a valid authorization (RFC 8555 §7.1.3: MAY). */
    AUTHZ_REUSE("authz-reuse"),
    /** HTTP/2 and HTTP/1.1, or HTTP/1.1 only, offered by ALPN. */
    HTTP_VERSION("http-version");

    private final String wire;

    Variation(String wire) {
        this.wire = wire;
    }

    /** The name used in {@code --vary} and in the log line. */
    public String wire() {
        return wire;
    }

    /**
     * {@code all}, {@code none} (or empty), or a comma-separated list of names; unknown names
     * are refused with the list of valid ones.
     */
    public static Set<Variation> parse(String list) {
        String text = list == null ? "" : list.trim().toLowerCase(Locale.ROOT);
        if (text.equals("all")) {
            return EnumSet.allOf(Variation.class);
        }
        Set<Variation> chosen = EnumSet.noneOf(Variation.class);
        if (text.isEmpty() || text.equals("none")) {
            return chosen;
        }
        for (String item : text.split(",")) {
            String name = item.trim();
            if (!name.isEmpty()) {
                chosen.add(byName(name));
            }
        }
        return chosen;
    }

    private static Variation byName(String name) {
        for (Variation v : values()) {
            if (v.wire.equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("--vary: unknown variation '" + name + "'; use all, none or a list of "
                + EnumSet.allOf(Variation.class).stream().map(Variation::wire).collect(Collectors.joining(", ")));
    }
}
