package dev.cairn.protocol;

/**
 * Every problem type Cairn can send, with the HTTP status it is sent with.
 *
 * <p>RFC 8555 §6.7 registers the {@code urn:ietf:params:acme:error:} types; RFC 9773 adds
 * {@code alreadyReplaced} and the profiles draft {@code invalidProfile}. Nothing outside the
 * IANA registry is ever emitted.
 */
public enum ProblemType {
    ACCOUNT_DOES_NOT_EXIST("accountDoesNotExist", 400),
    ALREADY_REPLACED("alreadyReplaced", 409),
    ALREADY_REVOKED("alreadyRevoked", 400),
    BAD_CSR("badCSR", 400),
    BAD_NONCE("badNonce", 400),
    BAD_PUBLIC_KEY("badPublicKey", 400),
    BAD_REVOCATION_REASON("badRevocationReason", 400),
    BAD_SIGNATURE_ALGORITHM("badSignatureAlgorithm", 400),
    CAA("caa", 403),
    COMPOUND("compound", 400),
    CONNECTION("connection", 400),
    DNS("dns", 400),
    EXTERNAL_ACCOUNT_REQUIRED("externalAccountRequired", 403),
    INCORRECT_RESPONSE("incorrectResponse", 403),
    INVALID_CONTACT("invalidContact", 400),
    INVALID_PROFILE("invalidProfile", 400),
    MALFORMED("malformed", 400),
    ORDER_NOT_READY("orderNotReady", 403),
    RATE_LIMITED("rateLimited", 429),
    REJECTED_IDENTIFIER("rejectedIdentifier", 400),
    SERVER_INTERNAL("serverInternal", 500),
    TLS("tls", 400),
    UNAUTHORIZED("unauthorized", 403),
    UNSUPPORTED_CONTACT("unsupportedContact", 400),
    UNSUPPORTED_IDENTIFIER("unsupportedIdentifier", 400),
    USER_ACTION_REQUIRED("userActionRequired", 403);

    public static final String URN_PREFIX = "urn:ietf:params:acme:error:";

    private final String code;
    private final int status;

    ProblemType(String code, int status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public String urn() {
        return URN_PREFIX + code;
    }

    /** The HTTP status this type is sent with unless a problem overrides it (404, 405, 415, 401). */
    public int defaultStatus() {
        return status;
    }
}
