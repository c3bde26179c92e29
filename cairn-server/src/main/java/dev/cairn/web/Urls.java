package dev.cairn.web;

import dev.cairn.variation.PathShape;
import dev.cairn.variation.PathShape.Resource;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every URL Cairn hands out, built from one configured public base URL and never from a
 * request's Host header or absolute-form target (so a spoofed Host cannot steer clients).
 * The JWS {@code url} check compares against {@link #requestUrl(String)}, built the same way.
 *
 * <p>Paths follow a {@link PathShape}: Cairn's usual {@code /acme/…} ones, or random ones in
 * legal-variation mode. {@link #resolve(String)} maps a request path back to its resource, so
 * building and routing can never disagree. The directory is always {@code /directory}.
 */
public final class Urls {
    static final String DIRECTORY = "/directory";

    /** A routed request: the resource and the path parameters (ids, page, chain number). */
    record Target(Resource resource, List<String> params) {}

    private final String base;
    private final PathShape shape;
    private final String root;
    private final String newNoncePath;
    private final Map<String, Resource> byFirstSegment = new HashMap<>();

    public Urls(URI publicBaseUrl) {
        this(publicBaseUrl, PathShape.standard());
    }

    public Urls(URI publicBaseUrl, PathShape shape) {
        String s = publicBaseUrl.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.shape = shape;
        this.root = shape.prefix() + "/";
        this.newNoncePath = root + shape.name(Resource.NEW_NONCE);
        for (Resource r : Resource.values()) {
            boolean sub = r == Resource.ORDERS || r == Resource.FINALIZE || r == Resource.ALT;
            if (!sub || !shape.nested()) {
                byFirstSegment.put(shape.name(r), r);
            }
        }
    }

    public String base() {
        return base;
    }

    public String directory() {
        return base + DIRECTORY;
    }

    private String top(Resource r) {
        return base + root + shape.name(r);
    }

    public String newNonce() {
        return top(Resource.NEW_NONCE);
    }

    /** Whether a request path is newNonce's, without routing it (for the I/O thread's check). */
    boolean isNewNoncePath(String path) {
        return newNoncePath.equals(path);
    }

    public String newAccount() {
        return top(Resource.NEW_ACCOUNT);
    }

    public String newOrder() {
        return top(Resource.NEW_ORDER);
    }

    public String newAuthz() {
        return top(Resource.NEW_AUTHZ);
    }

    public String revokeCert() {
        return top(Resource.REVOKE_CERT);
    }

    public String keyChange() {
        return top(Resource.KEY_CHANGE);
    }

    public String account(String id) {
        return top(Resource.ACCOUNT) + "/" + id;
    }

    /** The account id of an account URL ({@code kid}), or null when {@code url} is not one. */
    public String accountId(String url) {
        String prefix = top(Resource.ACCOUNT) + "/";
        if (url == null || !url.startsWith(prefix) || url.length() == prefix.length()) {
            return null;
        }
        String id = url.substring(prefix.length());
        return id.indexOf('/') >= 0 ? null : id;
    }

    public String orders(String accountId) {
        return shape.nested()
                ? account(accountId) + "/" + shape.name(Resource.ORDERS)
                : top(Resource.ORDERS) + "/" + accountId;
    }

    public String ordersPage(String accountId, int page) {
        return page <= 1 ? orders(accountId) : orders(accountId) + "/" + page;
    }

    public String order(String id) {
        return top(Resource.ORDER) + "/" + id;
    }

    public String finalizeOrder(String orderId) {
        return shape.nested()
                ? order(orderId) + "/" + shape.name(Resource.FINALIZE)
                : top(Resource.FINALIZE) + "/" + orderId;
    }

    public String authorization(String id) {
        return top(Resource.AUTHZ) + "/" + id;
    }

    public String challenge(String authzId, String challengeId) {
        return top(Resource.CHALLENGE) + "/" + authzId + "/" + challengeId;
    }

    public String certificate(String serial) {
        return top(Resource.CERT) + "/" + serial;
    }

    /** RFC 9773 §3: the base of {@code {renewalInfo}/{certID}}, without a trailing slash. */
    public String renewalInfo() {
        return top(Resource.RENEWAL_INFO);
    }

    public String renewalInfo(String certId) {
        return renewalInfo() + "/" + certId;
    }

    /** Alternate chain {@code n ≥ 1} (RFC 8555 §7.4.2). */
    public String alternateCertificate(String serial, int n) {
        return shape.nested()
                ? certificate(serial) + "/" + shape.name(Resource.ALT) + "/" + n
                : top(Resource.ALT) + "/" + serial + "/" + n;
    }

    /** The absolute URL of a request, from the configured base and the request's path and query. */
    public String requestUrl(String pathAndQuery) {
        return base + pathAndQuery;
    }

    /**
     * The resource a request path names (the directory aside), or null. Every path segment
     * must be non-empty, so {@code /acme/order/} and {@code /acme/order//x} name nothing.
     */
    Target resolve(String path) {
        if (!path.startsWith(root) || path.length() == root.length()) {
            return null;
        }
        String[] s = path.substring(root.length()).split("/", -1);
        for (String part : s) {
            if (part.isEmpty()) {
                return null;
            }
        }
        Resource r = byFirstSegment.get(s[0]);
        return r == null ? null : target(r, s);
    }

    private Target target(Resource r, String[] s) {
        int n = s.length;
        return switch (r) {
            case NEW_NONCE, NEW_ACCOUNT, NEW_ORDER, NEW_AUTHZ, REVOKE_CERT, KEY_CHANGE ->
                n == 1 ? new Target(r, List.of()) : null;
            case RENEWAL_INFO, ORDER, AUTHZ, CERT, FINALIZE, ACCOUNT -> nestedOrSingle(r, s);
            case ORDERS -> n == 2 || n == 3 ? new Target(r, List.of(s).subList(1, n)) : null;
            case CHALLENGE, ALT -> n == 3 ? new Target(r, List.of(s[1], s[2])) : null;
        };
    }

    /** {@code /name/id}, or in the nested shape {@code /name/id/sub[/param]} for a parent resource. */
    private Target nestedOrSingle(Resource r, String[] s) {
        if (s.length == 2) {
            return new Target(r, List.of(s[1]));
        }
        if (!shape.nested() || s.length < 3) {
            return null;
        }
        String sub = s[2];
        if (r == Resource.ACCOUNT && sub.equals(shape.name(Resource.ORDERS)) && s.length <= 4) {
            return new Target(Resource.ORDERS, s.length == 3 ? List.of(s[1]) : List.of(s[1], s[3]));
        }
        if (r == Resource.ORDER && sub.equals(shape.name(Resource.FINALIZE)) && s.length == 3) {
            return new Target(Resource.FINALIZE, List.of(s[1]));
        }
        if (r == Resource.CERT && sub.equals(shape.name(Resource.ALT)) && s.length == 4) {
            return new Target(Resource.ALT, List.of(s[1], s[3]));
        }
        return null;
    }
}
