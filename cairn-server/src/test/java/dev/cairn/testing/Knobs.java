package dev.cairn.testing;

import dev.cairn.faults.Fault;
import dev.cairn.server.CairnConfig;
import dev.cairn.validation.ValidationDelay;
import java.util.ArrayList;
import java.util.List;

/** Fluent test-mode settings for tests: {@code Knobs.off().nonceReject(100).build()}. */
public final class Knobs {
    private int nonceReject;
    private ValidationDelay delay = ValidationDelay.NONE;
    private boolean alwaysValid;
    private int authzReuse = 100;
    private int flaky;
    private int slowFinalize;
    private final List<Fault> faults = new ArrayList<>();
    private final List<String> blocked = new ArrayList<>();
    private long seed = 42;

    public static Knobs off() {
        return new Knobs();
    }

    public Knobs nonceReject(int pct) {
        nonceReject = pct;
        return this;
    }

    public Knobs validationDelay(String text) {
        delay = ValidationDelay.parse(text);
        return this;
    }

    public Knobs alwaysValid() {
        alwaysValid = true;
        return this;
    }

    public Knobs authzReuse(int pct) {
        authzReuse = pct;
        return this;
    }

    public Knobs flakyValidation(int pct) {
        flaky = pct;
        return this;
    }

    public Knobs slowFinalize(int polls) {
        slowFinalize = polls;
        return this;
    }

    public Knobs fault(String rule) {
        faults.add(Fault.parse(rule));
        return this;
    }

    public Knobs blockDomain(String name) {
        blocked.add(name);
        return this;
    }

    public Knobs seed(long s) {
        seed = s;
        return this;
    }

    public CairnConfig.Testing build() {
        return new CairnConfig.Testing(
                nonceReject, delay, alwaysValid, authzReuse, flaky, slowFinalize, faults, blocked, seed);
    }
}
