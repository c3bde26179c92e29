package dev.cairn.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.nonce.CounterNonceService;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.ProblemType;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/** Rendering problem documents to application/problem+json bytes, as {@link Replies} does for every error. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProblemRenderingBenchmark {
    private Replies replies;
    private AcmeProblem badNonce;
    private AcmeProblem rejectedIdentifiers;

    @Setup
    public void setUp() {
        replies = new Replies(
                new Urls(URI.create("https://127.0.0.1:14000")),
                new CounterNonceService(Clock.systemUTC(), new SecureRandom()),
                new ObjectMapper());
        badNonce = AcmeProblem.of(ProblemType.BAD_NONCE, "JWS has an invalid anti-replay nonce: \"Zm9vYmFy\"");
        rejectedIdentifiers = AcmeProblem.of(ProblemType.REJECTED_IDENTIFIER, "2 identifiers were rejected")
                .withSubproblems(List.of(
                        AcmeProblem.of(ProblemType.REJECTED_IDENTIFIER, "example.invalid is not allowed")
                                .withIdentifier(Identifier.dns("example.invalid")),
                        AcmeProblem.of(ProblemType.MALFORMED, "bad..name is not a DNS name")
                                .withIdentifier(Identifier.dns("bad..name"))));
    }

    @Benchmark
    public byte[] renderBadNonce() {
        return replies.bytes(replies.render(badNonce, true));
    }

    @Benchmark
    public byte[] renderWithSubproblems() {
        return replies.bytes(replies.render(rejectedIdentifiers, true));
    }
}
