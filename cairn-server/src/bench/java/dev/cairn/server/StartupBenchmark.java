package dev.cairn.server;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An in-process start in test mode, as a JUnit extension does it: {@link CairnServer#start}
 * with {@link CairnConfig.Builder#forTests()} (in memory, ephemeral loopback ports) until it
 * returns with both listeners accepting; each server is closed, untimed, before the next
 * start. Single-shot: the warm-up iterations are the first starts in the JVM, the measured
 * ones are the 6th and later. {@code -wi 0 -i 1 -f 5} gives five cold starts instead.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(1)
public class StartupBenchmark {
    private CairnServer server;

    @Benchmark
    public CairnServer startInTestMode() throws Exception {
        server = CairnServer.start(CairnConfig.builder().forTests().build());
        return server;
    }

    @TearDown(Level.Iteration)
    public void close() {
        server.close();
    }
}
