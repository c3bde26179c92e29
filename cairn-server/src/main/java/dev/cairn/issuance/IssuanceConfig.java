package dev.cairn.issuance;

import java.time.Duration;
import java.util.Objects;

/**
 * How Cairn's CA hierarchy is built and how long certificates live.
 *
 * <p>{@code alternateRoots} extra roots each cross-sign the one intermediate key, so every
 * leaf chains to 1 + alternateRoots roots (offered as {@code rel="alternate"} chains, RFC 8555
 * §7.4.2). {@code certificateLifetime} is the validity period of a leaf when the order does
 * not set notBefore/notAfter. {@code chainLength} is the number of intermediates between leaf and
 * root in every chain (Pebble's {@code PEBBLE_CHAIN_LENGTH}); above 1 only for an in-memory CA.
 */
public record IssuanceConfig(
        CaKeyAlgorithm keyAlgorithm, int alternateRoots, Duration certificateLifetime, int chainLength) {
    /** Enough alternates to test clients; more only makes start-up slower. */
    static final int MAX_ALTERNATE_ROOTS = 16;

    static final int MAX_CHAIN_LENGTH = 8;

    public IssuanceConfig {
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        Objects.requireNonNull(certificateLifetime, "certificateLifetime");
        if (alternateRoots < 0 || alternateRoots > MAX_ALTERNATE_ROOTS) {
            throw new IllegalArgumentException(
                    "alternateRoots is " + alternateRoots + "; use 0 to " + MAX_ALTERNATE_ROOTS);
        }
        if (chainLength < 1 || chainLength > MAX_CHAIN_LENGTH) {
            throw new IllegalArgumentException("chainLength is " + chainLength + "; use 1 to " + MAX_CHAIN_LENGTH);
        }
        if (certificateLifetime.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("certificateLifetime is " + certificateLifetime
                    + "; use a positive duration of at least 2 seconds");
        }
    }

    /** One intermediate between leaf and root. */
    public IssuanceConfig(CaKeyAlgorithm keyAlgorithm, int alternateRoots, Duration certificateLifetime) {
        this(keyAlgorithm, alternateRoots, certificateLifetime, 1);
    }

    /** ECDSA P-256, one alternate root, 90-day certificates (what Let's Encrypt and Pebble use). */
    public static IssuanceConfig defaults() {
        return new IssuanceConfig(CaKeyAlgorithm.ECDSA_P256, 1, Duration.ofDays(90));
    }
}
