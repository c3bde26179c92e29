package dev.cairn.variation;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Where each ACME resource lives under the public base URL. RFC 8555 §7.1.1 gives clients the
 * directory URL only and every other URL comes from the server, so any path is legal; the
 * directory itself stays at {@code /directory} so that a client can start.
 *
 * <p>{@code prefix} is empty or starts with a slash ({@code /acme}). Each resource's first
 * segment after it is {@code names.get(resource)}. In the nested shape the sub-resources hang
 * under their parent ({@code /acme/order/ID/finalize}); in the flat shape they have their own
 * first segment ({@code /acme/finalize/ID}).
 */
public record PathShape(String prefix, Map<Resource, String> names, boolean nested) {
    /** Every resource whose URL Cairn builds; {@link #ORDERS}, {@link #FINALIZE} and {@link #ALT} are sub-resources. */
    public enum Resource {
        NEW_NONCE,
        NEW_ACCOUNT,
        NEW_ORDER,
        NEW_AUTHZ,
        REVOKE_CERT,
        KEY_CHANGE,
        RENEWAL_INFO,
        ACCOUNT,
        ORDERS,
        ORDER,
        FINALIZE,
        AUTHZ,
        CHALLENGE,
        CERT,
        ALT
    }

    private static final String SEGMENT_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    public PathShape {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
            throw new IllegalArgumentException("a path prefix is empty or /a/b, not '" + prefix + "'");
        }
        names = Map.copyOf(new EnumMap<>(names));
        if (names.size() != Resource.values().length) {
            throw new IllegalArgumentException("every resource needs a path segment, got " + names.keySet());
        }
        if (new HashSet<>(names.values()).size() != names.size() || names.containsValue("directory")) {
            throw new IllegalArgumentException("path segments must be distinct and not 'directory': " + names);
        }
    }

    /** Cairn's usual paths ({@code /acme/new-order}, {@code /acme/order/ID/finalize}, …). */
    public static PathShape standard() {
        Map<Resource, String> n = new EnumMap<>(Resource.class);
        n.put(Resource.NEW_NONCE, "new-nonce");
        n.put(Resource.NEW_ACCOUNT, "new-account");
        n.put(Resource.NEW_ORDER, "new-order");
        n.put(Resource.NEW_AUTHZ, "new-authz");
        n.put(Resource.REVOKE_CERT, "revoke-cert");
        n.put(Resource.KEY_CHANGE, "key-change");
        n.put(Resource.RENEWAL_INFO, "renewal-info");
        n.put(Resource.ACCOUNT, "acct");
        n.put(Resource.ORDERS, "orders");
        n.put(Resource.ORDER, "order");
        n.put(Resource.FINALIZE, "finalize");
        n.put(Resource.AUTHZ, "authz");
        n.put(Resource.CHALLENGE, "chall");
        n.put(Resource.CERT, "cert");
        n.put(Resource.ALT, "alt");
        return new PathShape("/acme", n, true);
    }

    /**
     * A random legal shape: zero to two prefix segments, a distinct random segment per
     * resource (unreserved characters of RFC 3986 §2.3 but the dot, mixed case, starting with
     * a letter), nested or flat.
     */
    public static PathShape random(Random r) {
        StringBuilder prefix = new StringBuilder();
        int depth = r.nextInt(3);
        for (int i = 0; i < depth; i++) {
            prefix.append('/').append(segment(r));
        }
        Set<String> used = new HashSet<>(Set.of("directory"));
        Map<Resource, String> n = new EnumMap<>(Resource.class);
        for (Resource resource : Resource.values()) {
            String s;
            do {
                s = segment(r);
            } while (!used.add(s));
            n.put(resource, s);
        }
        return new PathShape(prefix.toString(), n, r.nextBoolean());
    }

    public String name(Resource resource) {
        return names.get(resource);
    }

    private static String segment(Random r) {
        StringBuilder s = new StringBuilder();
        s.append(SEGMENT_CHARS.charAt(r.nextInt(52)));
        int more = 1 + r.nextInt(7);
        for (int i = 0; i < more; i++) {
            s.append(SEGMENT_CHARS.charAt(r.nextInt(SEGMENT_CHARS.length())));
        }
        return s.toString();
    }

    /** For the log line: prefix, shape and the order and finalize paths as examples. */
    public String describe() {
        String order = prefix + "/" + name(Resource.ORDER) + "/{id}";
        String fin = nested ? order + "/" + name(Resource.FINALIZE) : prefix + "/" + name(Resource.FINALIZE) + "/{id}";
        return (prefix.isEmpty() ? "no prefix" : prefix) + " " + (nested ? "nested" : "flat") + " (newOrder " + prefix
                + "/" + name(Resource.NEW_ORDER) + ", order " + order + ", finalize " + fin + ")";
    }
}
