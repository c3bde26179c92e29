package dev.cairn.nonce;

/**
 * Issues and redeems anti-replay nonces (RFC 8555 §6.5). A node-local implementation lives
 * here; a store shared by several nodes (Redis, PostgreSQL) implements the same contract.
 */
public interface NonceService {
    /** A fresh nonce: unpadded base64url, unpredictable, never issued before. */
    String issue();

    /**
     * Spends {@code nonce}. True exactly once for a nonce this service issued that has not
     * expired or been dropped; false for anything else, including malformed input.
     */
    boolean redeem(String nonce);
}
