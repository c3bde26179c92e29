package dev.cairn.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ValidationDelayTest {
    @Test
    void noneFixedAndRangeParse() {
        assertThat(ValidationDelay.parse("none")).isEqualTo(ValidationDelay.NONE);
        assertThat(ValidationDelay.parse("0")).isEqualTo(ValidationDelay.NONE);
        assertThat(ValidationDelay.parse("250")).isEqualTo(new ValidationDelay(250, 250));
        assertThat(ValidationDelay.parse("100-900")).isEqualTo(new ValidationDelay(100, 900));
    }

    @Test
    void aRandomDelayStaysWithinItsRange() {
        ValidationDelay d = ValidationDelay.parse("100-120");
        Random random = new Random(3);
        for (int i = 0; i < 1000; i++) {
            assertThat(d.pick(random)).isBetween(100L, 120L);
        }
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> ValidationDelay.parse("soon")).hasMessageContaining("MIN-MAX");
        assertThatThrownBy(() -> ValidationDelay.parse("900-100")).hasMessageContaining("MIN ≤ MAX");
    }
}
