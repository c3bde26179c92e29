package dev.cairn.conformance;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one client did wrong: the most recent violations (oldest first), counts per rule over
 * everything ever recorded (also the violations that dropped out of the bounded list, counted
 * in {@code dropped}), and the requests that got badNonce and have not been retried yet.
 * {@code clean} is what a client's CI asserts: no violation and no retry still owed.
 */
public record ConformanceReport(
        ClientRef client,
        List<Violation> violations,
        Map<Rule, Long> counts,
        long dropped,
        List<AwaitedRetry> awaitingRetry) {

    /** A request answered with badNonce whose retry has not arrived yet (RFC 8555 §6.5). */
    public record AwaitedRetry(String method, String url, Instant since) {}

    public ConformanceReport {
        Objects.requireNonNull(client, "client");
        violations = List.copyOf(violations);
        EnumMap<Rule, Long> copy = new EnumMap<>(Rule.class);
        copy.putAll(counts);
        counts = Collections.unmodifiableMap(copy);
        awaitingRetry = List.copyOf(awaitingRetry);
    }

    public static ConformanceReport empty(ClientRef client) {
        return new ConformanceReport(client, List.of(), Map.of(), 0, List.of());
    }

    public boolean clean() {
        return counts.isEmpty() && awaitingRetry.isEmpty();
    }

    /** Every violation ever recorded for this client, including those no longer listed. */
    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(Rule rule) {
        return counts.getOrDefault(rule, 0L);
    }

    ConformanceReport withAwaitingRetry(List<AwaitedRetry> awaiting) {
        return new ConformanceReport(client, violations, counts, dropped, awaiting);
    }
}
