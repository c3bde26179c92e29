package dev.cairn.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the load generator's own crypto costs per certificate: about 7 JWS signatures, one key
 * generation and one CSR, natively (ACCP, where it loads) and in pure Java (BouncyCastle
 * lightweight). Decides whether CSR keys must be generated ahead of the timed phase.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClientCryptoBenchmark {
    private final SecureRandom random = new SecureRandom();

    @Param({"fastest", "lightweight"})
    public String implementation;

    private P256 crypto;
    private P256.Key key;
    private byte[] input;

    @Setup
    public void setUp() {
        crypto = implementation.equals("fastest") ? P256.fastest() : P256.lightweight();
        key = crypto.generate(random);
        input = ("eyJhbGciOiJFUzI1NiIsImtpZCI6Imh0dHBzOi8vMTI3LjAuMC4xOjE0MDAwL2FjY3QvMSIsIm5vbmNlIjoiWm05dk"
                        + ".eyJpZGVudGlmaWVycyI6W119")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Benchmark
    public byte[] signJwsEs256() {
        return key.sign(input);
    }

    @Benchmark
    public P256.Key generateKey() {
        return crypto.generate(random);
    }

    @Benchmark
    public byte[] generateKeyAndCsr() {
        return crypto.generate(random).csr("w0-bench-1.test");
    }
}
