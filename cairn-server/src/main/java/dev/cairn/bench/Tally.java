package dev.cairn.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters every worker shares: certificates (with the time of the last, for stall detection) and errors. */
final class Tally {
    private final AtomicLong certificates = new AtomicLong();
    private volatile long lastCertificateNanos = System.nanoTime();
    private final LongAdder badNonceRetries = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

    void certificateIssued() {
        certificates.incrementAndGet();
        lastCertificateNanos = System.nanoTime();
    }

    void progressMark() {
        lastCertificateNanos = System.nanoTime();
    }

    void badNonceRetried() {
        badNonceRetries.increment();
    }

    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    long certificates() {
        return certificates.get();
    }

    long lastCertificateNanos() {
        return lastCertificateNanos;
    }

    long badNonceRetries() {
        return badNonceRetries.sum();
    }

    Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
