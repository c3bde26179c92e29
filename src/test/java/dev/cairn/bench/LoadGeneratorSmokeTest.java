package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Keeps the load generator working: a two-second run, asserting behaviour, never speed. */
class LoadGeneratorSmokeTest {

    @Test
    void twoClientsGetCertificatesFromAnAlwaysValidCairnWithoutErrors() throws Exception {
        try (CairnServer cairn = CairnServer.start(CairnConfig.builder().forTests().alwaysValid(true).build())) {
            LoadSettings settings = new LoadSettings(cairn.directoryUrl(), 2, Duration.ofSeconds(2),
                    Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(10),
                    ProcessHandle.current().pid());

            BenchResult result = new LoadGenerator(settings, BenchCommand.sslContext(cairn.trustAnchorPath()), null).run();

            assertThat(result.stalled()).as(result.summary()).isFalse();
            assertThat(result.errors()).as(result.summary()).isEmpty();
            assertThat(result.certificates()).as(result.summary()).isPositive();
            assertThat(result.requests()).containsKeys("newNonce", "newAccount", "newOrder", "authz", "challenge",
                    "finalize", "certificate");
            assertThat(result.server().peakRssMiB()).isPositive();
        }
    }
}
