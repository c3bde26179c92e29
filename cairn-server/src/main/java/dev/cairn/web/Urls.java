package dev.cairn.web;

import java.net.URI;

/**
 * Every URL Cairn hands out, built from one configured public base URL and never from a
 * request's Host header or absolute-form target (so a spoofed Host cannot steer clients).
 * The JWS {@code url} check compares against {@link #requestUrl(String)}, built the same way.
 */
public final class Urls {
    static final String DIRECTORY = "/directory";
    static final String NEW_NONCE = "/acme/new-nonce";
    static final String NEW_ACCOUNT = "/acme/new-account";
    static final String NEW_ORDER = "/acme/new-order";
    static final String NEW_AUTHZ = "/acme/new-authz";
    static final String REVOKE_CERT = "/acme/revoke-cert";
    static final String KEY_CHANGE = "/acme/key-change";
    static final String ACCOUNT = "/acme/acct/";
    static final String ORDER = "/acme/order/";
    static final String AUTHZ = "/acme/authz/";
    static final String CHALLENGE = "/acme/chall/";
    static final String CERT = "/acme/cert/";
    static final String RENEWAL_INFO = "/acme/renewal-info";

    private final String base;

    public Urls(URI publicBaseUrl) {
        String s = publicBaseUrl.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public String base() {
        return base;
    }

    public String directory() {
        return base + DIRECTORY;
    }

    public String newNonce() {
        return base + NEW_NONCE;
    }

    public String newAccount() {
        return base + NEW_ACCOUNT;
    }

    public String newOrder() {
        return base + NEW_ORDER;
    }

    public String newAuthz() {
        return base + NEW_AUTHZ;
    }

    public String revokeCert() {
        return base + REVOKE_CERT;
    }

    public String keyChange() {
        return base + KEY_CHANGE;
    }

    public String accountPrefix() {
        return base + ACCOUNT;
    }

    public String account(String id) {
        return base + ACCOUNT + id;
    }

    /** The account id of an account URL ({@code kid}), or null when {@code url} is not one. */
    public String accountId(String url) {
        String prefix = accountPrefix();
        if (url == null || !url.startsWith(prefix) || url.length() == prefix.length()) {
            return null;
        }
        String id = url.substring(prefix.length());
        return id.indexOf('/') >= 0 ? null : id;
    }

    public String orders(String accountId) {
        return account(accountId) + "/orders";
    }

    public String ordersPage(String accountId, int page) {
        return page <= 1 ? orders(accountId) : orders(accountId) + "/" + page;
    }

    public String order(String id) {
        return base + ORDER + id;
    }

    public String finalizeOrder(String orderId) {
        return order(orderId) + "/finalize";
    }

    public String authorization(String id) {
        return base + AUTHZ + id;
    }

    public String challenge(String authzId, String challengeId) {
        return base + CHALLENGE + authzId + "/" + challengeId;
    }

    public String certificate(String serial) {
        return base + CERT + serial;
    }

    /** RFC 9773 §3: the base of {@code {renewalInfo}/{certID}}, without a trailing slash. */
    public String renewalInfo() {
        return base + RENEWAL_INFO;
    }

    public String renewalInfo(String certId) {
        return renewalInfo() + "/" + certId;
    }

    /** Alternate chain {@code n ≥ 1} (RFC 8555 §7.4.2). */
    public String alternateCertificate(String serial, int n) {
        return certificate(serial) + "/alt/" + n;
    }

    /** The absolute URL of a request, from the configured base and the request's path and query. */
    public String requestUrl(String pathAndQuery) {
        return base + pathAndQuery;
    }
}
