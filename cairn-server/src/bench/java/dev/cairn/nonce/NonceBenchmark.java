package dev.cairn.nonce;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** One nonce issued and redeemed, as every ACME POST does; wired as CairnServer wires it. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NonceBenchmark {
    private CounterNonceService nonces;

    @Setup
    public void setUp() {
        nonces = new CounterNonceService(
                Clock.systemUTC(),
                new SecureRandom(),
                CounterNonceService.DEFAULT_LIFETIME,
                CounterNonceService.DEFAULT_TRACKED_COUNTERS);
    }

    @Benchmark
    public boolean issueAndRedeem() {
        return nonces.redeem(nonces.issue());
    }

    @Benchmark
    @Threads(2)
    public boolean issueAndRedeemTwoThreads() {
        return nonces.redeem(nonces.issue());
    }

    /** newNonce alone: the nonce is never redeemed, so the ring bound does the cleaning. */
    @Benchmark
    public String issueOnly() {
        return nonces.issue();
    }
}
