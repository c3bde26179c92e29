package dev.cairn.conformance;

/**
 * Every client mistake the conformance report knows, with its stable id (what a client's CI
 * asserts on) and the RFC section that the client breaks. Each rule is either one Cairn
 * already refuses, recorded where it refuses it, or one a lenient server answers normally,
 * recorded all the same. README.md lists them in a table; keep the two in step.
 */
public enum Rule {
    USER_AGENT_MISSING("user-agent-missing", "RFC 8555 §6.1", "the request has no User-Agent header"),
    CONTENT_TYPE("content-type", "RFC 8555 §6.2", "a POST's Content-Type is not exactly application/jose+json"),
    JWS_MALFORMED(
            "jws-malformed",
            "RFC 8555 §6.2",
            "the body is not a flattened JWS with a protected header holding alg, url and exactly one of jwk"
                    + " and kid"),
    KEY_FORM(
            "key-form",
            "RFC 8555 §6.2",
            "jwk where kid is required, or kid where jwk is required (newAccount, revokeCert by certificate key)"),
    ACCOUNT_UNKNOWN("account-unknown", "RFC 8555 §6.2", "kid is not an account URL this server returned"),
    ALG_INVALID(
            "alg-invalid", "RFC 8555 §6.2", "alg is none, a MAC algorithm, or an algorithm that does not fit the key"),
    SIGNATURE_INVALID("signature-invalid", "RFC 8555 §6.2", "the JWS signature does not verify"),
    NONCE_MISSING("nonce-missing", "RFC 8555 §6.5", "the JWS protected header has no nonce"),
    NONCE_REUSED("nonce-reused", "RFC 8555 §6.5", "the nonce was already used in an earlier request"),
    NONCE_UNKNOWN(
            "nonce-unknown",
            "RFC 8555 §6.5",
            "the nonce was never issued by this server (made up, from another server, or from before a restart)"),
    BAD_NONCE_NOT_RETRIED(
            "bad-nonce-not-retried",
            "RFC 8555 §6.5",
            "after a badNonce answer the client did not send the request to the same URL again"),
    REPLAY_NONCE_HEADER("replay-nonce-header", "RFC 8555 §6.5.1", "the request carries a Replay-Nonce header"),
    URL_MISMATCH("url-mismatch", "RFC 8555 §6.4", "the JWS url is not the URL the request was sent to"),
    URL_NOT_PROVIDED(
            "url-not-provided",
            "RFC 8555 §6.4",
            "the request went to a URL this server never gave the client (a guessed path, an unknown resource, or"
                    + " an alternate chain or orders page never offered in a Link header)"),
    METHOD_NOT_ALLOWED(
            "method-not-allowed",
            "RFC 8555 §6.3",
            "GET (or another method) where only POST is allowed; resources are read with POST-as-GET"),
    POST_AS_GET_PAYLOAD(
            "post-as-get-payload",
            "RFC 8555 §6.3",
            "a resource that is read with POST-as-GET was sent a non-empty payload such as {}"),
    CHALLENGE_RESPONSE(
            "challenge-response",
            "RFC 8555 §7.5.1",
            "the challenge response is not the empty object {} (http-01, dns-01, tls-alpn-01)"),
    FORBIDDEN_FIELD(
            "forbidden-field",
            "RFC 8555 §7.3",
            "a member the RFC forbids the client to send: a mailto contact with hfields or several addresses, a"
                    + " nonce in the external account binding or in the inner JWS of keyChange"),
    RETRY_AFTER_IGNORED(
            "retry-after-ignored",
            "RFC 8555 §7.4",
            "the client sent the same request again before the Retry-After the server gave for it ran out");

    private final String id;
    private final String section;
    private final String summary;

    Rule(String id, String section, String summary) {
        this.id = id;
        this.section = section;
        this.summary = summary;
    }

    public String id() {
        return id;
    }

    /** The section a violation of this rule cites unless it names a more precise one. */
    public String section() {
        return section;
    }

    public String summary() {
        return summary;
    }
}
