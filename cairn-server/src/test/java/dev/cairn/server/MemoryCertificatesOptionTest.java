package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryCertificatesOptionTest {
    @Test
    void theInMemoryLimitDefaultsTo10000AndIsSetOrLiftedOnTheCommandLine() {
        assertThat(Main.serveConfig(List.of("--in-memory")).retention().memoryCertificates())
                .isEqualTo(10_000);
        assertThat(Main.serveConfig(List.of("--test", "--memory-certificates", "5"))
                        .retention()
                        .memoryCertificates())
                .isEqualTo(5);
        assertThat(Main.serveConfig(List.of("--in-memory", "--memory-certificates", "0"))
                        .retention()
                        .memoryCertificates())
                .isZero();
    }

    @Test
    void aNegativeLimitIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> Main.serveConfig(List.of("--in-memory", "--memory-certificates", "-1")))
                .hasMessageContaining("--memory-certificates");
    }
}
