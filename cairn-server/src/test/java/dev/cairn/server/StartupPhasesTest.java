package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StartupPhasesTest {
    @Test
    void eachPhaseIsTheTimeSinceThePreviousMarkAndTheTotalTheirSum() {
        AtomicLong nanos = new AtomicLong(5_000_000);
        StartupPhases phases = new StartupPhases(nanos::get);
        nanos.addAndGet(120_000_000);
        phases.mark("ca");
        nanos.addAndGet(30_400_000);
        phases.mark("jetty start");
        assertThat(phases.summary()).isEqualTo("total 150 ms: ca 120, jetty start 30");
    }
}
