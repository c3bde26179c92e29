package dev.cairn.faults;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides which requests get an injected fault. The rules can be replaced at run time (the
 * management API's {@code POST /faults}); the dice are one seeded {@link Random}, so a run
 * with the same seed and the same sequence of requests faults the same requests. Rules are
 * tried in order and the first that fires wins.
 */
public final class FaultInjector {
    private final AtomicReference<List<Fault>> faults;
    private final Random random;

    public FaultInjector(List<Fault> faults, Random random) {
        this.faults = new AtomicReference<>(List.copyOf(faults));
        this.random = random;
    }

    public static FaultInjector none() {
        return new FaultInjector(List.of(), new Random(0));
    }

    public List<Fault> faults() {
        return faults.get();
    }

    public void replace(List<Fault> newFaults) {
        faults.set(List.copyOf(newFaults));
    }

    /** The fault to inject into this request to {@code endpoint}, if any. */
    public Optional<Fault> roll(String endpoint) {
        for (Fault f : faults.get()) {
            if (f.appliesTo(endpoint) && f.percent() > 0 && random.nextInt(100) < f.percent()) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
