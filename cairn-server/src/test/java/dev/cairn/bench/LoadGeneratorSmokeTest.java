package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Keeps the load generator working: a run of a second and a half, asserting behaviour, never speed. */
class LoadGeneratorSmokeTest {

    @Test
    void twoClientsGetCertificatesFromAnAlwaysValidCairnWithoutErrors() throws Exception {
        long t0 = System.nanoTime();
        try (CairnServer cairn = CairnServer.start(
                CairnConfig.builder().forTests().alwaysValid(true).build())) {
            LoadSettings settings = new LoadSettings(
                    cairn.directoryUrl(),
                    2,
                    Duration.ofMillis(1500),
                    Duration.ofMillis(20),
                    Duration.ofMillis(100),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(10),
                    ProcessHandle.current().pid());

            long t1 = System.nanoTime();
            BenchResult result =
                    new LoadGenerator(settings, BenchCommand.sslContext(cairn.trustAnchorPath()), null).run();
            System.out.printf(
                    "server start %d ms, load run %d ms%n%s",
                    (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000, result.summary());

            assertThat(result.stalled()).as(result.summary()).isFalse();
            assertThat(result.errors()).as(result.summary()).isEmpty();
            assertThat(result.certificates()).as(result.summary()).isPositive();
            assertThat(result.requests())
                    .containsKeys(
                            "newNonce", "newAccount", "newOrder", "authz", "challenge", "finalize", "certificate");
            assertThat(result.server().peakRssMiB()).isPositive();
        }
    }
}
