package dev.cairn.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValidationConfigTest {
    @Test
    void defaultsUseTheSystemResolverAndTheRfcPorts() {
        assertThat(ValidationConfig.defaults())
                .isEqualTo(new ValidationConfig(null, 80, 443, Duration.ofSeconds(10), false));
    }

    @Test
    void portOutOfRangeIsRefusedAtStartUp() {
        assertThatThrownBy(() -> ValidationConfig.defaults().withPorts(0, 443)).hasMessageContaining("http01Port");
        assertThatThrownBy(() -> ValidationConfig.defaults().withPorts(80, 70000))
                .hasMessageContaining("tlsAlpn01Port");
    }

    @Test
    void zeroTimeoutIsRefused() {
        assertThatThrownBy(() -> ValidationConfig.defaults().withTimeout(Duration.ZERO))
                .hasMessageContaining("timeout");
    }
}
