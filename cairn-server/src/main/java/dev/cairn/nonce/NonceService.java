package dev.cairn.nonce;

/**
 * Issues and redeems anti-replay nonces (RFC 8555 §6.5). A node-local implementation lives
 * here; a store shared by several nodes (Redis, PostgreSQL) implements the same contract.
 */
public interface NonceService {
    /** Why a nonce was or was not accepted; only {@link #ACCEPTED} lets a request through. */
    enum Redemption {
        ACCEPTED,
        /** Issued by this service and already spent. */
        REUSED,
        /** Never issued by this service: malformed, made up, or from another key (a restart). */
        NOT_ISSUED,
        /** Issued, but too old or pushed out of the tracked window: the server's limit, not a client error. */
        EXPIRED,
        /** A valid nonce refused on purpose (test mode's {@code --nonce-reject}). */
        REJECTED_ON_PURPOSE,
        /** Refused for a reason this service does not tell apart. */
        REFUSED
    }

    /** A fresh nonce: unpadded base64url, unpredictable, never issued before. */
    String issue();

    /**
     * Spends {@code nonce}. True exactly once for a nonce this service issued that has not
     * expired or been dropped; false for anything else, including malformed input.
     */
    boolean redeem(String nonce);

    /** {@link #redeem} that also says why a nonce was refused, for the conformance report. */
    default Redemption spend(String nonce) {
        return redeem(nonce) ? Redemption.ACCEPTED : Redemption.REFUSED;
    }
}
