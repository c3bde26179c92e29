package dev.cairn.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How long each phase of {@link CairnServer#start} took, for one DEBUG line at the end of
 * start-up (docs/performance.md "Start-up"): where a slow start goes is visible without a
 * profiler. The ticker is injected so that the line can be tested.
 */
final class StartupPhases {
    private final LongSupplier nanoTicker;
    private final long started;
    private final List<String> phases = new ArrayList<>();
    private long last;

    StartupPhases(LongSupplier nanoTicker) {
        this.nanoTicker = nanoTicker;
        this.started = nanoTicker.getAsLong();
        this.last = started;
    }

    static StartupPhases systemTicker() {
        return new StartupPhases(System::nanoTime);
    }

    /** Ends the phase running since the previous mark (or since construction) under {@code name}. */
    void mark(String name) {
        long now = nanoTicker.getAsLong();
        phases.add(name + " " + millis(now - last));
        last = now;
    }

    /** "total T ms: phase1 A, phase2 B, ..." in the order they ran. */
    String summary() {
        return "total " + millis(last - started) + " ms: " + String.join(", ", phases);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
