package dev.cairn.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one load run does.
 *
 * @param maxPoll null to honour every Retry-After in full; else the longest wait between polls
 * @param stallAfter no certificate for this long while clients run is a stall: the run stops
 */
record LoadSettings(
        URI directory,
        int clients,
        Duration duration,
        Duration minPoll,
        Duration maxPoll,
        Duration requestTimeout,
        Duration stallAfter,
        Long serverPid) {
    static final String USER_AGENT = "cairn-bench/0.1";

    LoadSettings {
        Objects.requireNonNull(directory, "directory");
        if (clients < 1) {
            throw new IllegalArgumentException("--clients must be at least 1");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        Objects.requireNonNull(minPoll, "minPoll");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(stallAfter, "stallAfter");
    }

    static LoadSettings of(URI directory, int clients, Duration duration) {
        return new LoadSettings(
                directory,
                clients,
                duration,
                Duration.ofMillis(50),
                null,
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                null);
    }

    LoadSettings withDuration(Duration d) {
        return new LoadSettings(directory, clients, d, minPoll, maxPoll, requestTimeout, stallAfter, serverPid);
    }

    LoadSettings withoutServerPid() {
        return new LoadSettings(directory, clients, duration, minPoll, maxPoll, requestTimeout, stallAfter, null);
    }

    /** max(Retry-After, min-poll), then capped at max-poll when set. */
    Duration pollDelay(Optional<Duration> retryAfter) {
        Duration d = retryAfter.filter(r -> r.compareTo(minPoll) > 0).orElse(minPoll);
        return maxPoll != null && d.compareTo(maxPoll) > 0 ? maxPoll : d;
    }
}
