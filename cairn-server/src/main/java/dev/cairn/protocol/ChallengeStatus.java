package dev.cairn.protocol;

import java.util.Locale;

/** RFC 8555 §7.1.6 status values; {@link #wire()} is the lower-case JSON form. */
public enum ChallengeStatus {
    PENDING,
    PROCESSING,
    VALID,
    INVALID;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
