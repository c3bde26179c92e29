package dev.cairn.authority;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The suggested renewal window (RFC 9773 §4.2; catalog ARI-03, ARI-06). */
class RenewalWindowTest {
    private static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void windowStartsWhenOneThirdOfTheLifetimeIsLeftAndEndsWithOneSixthLeft() {
        RenewalWindow w = RenewalService.windowOf(NOT_BEFORE, NOT_BEFORE.plus(Duration.ofDays(90)));

        assertThat(w.start()).isEqualTo(NOT_BEFORE.plus(Duration.ofDays(60)));
        assertThat(w.end()).isEqualTo(NOT_BEFORE.plus(Duration.ofDays(75)));
    }

    @Test
    void shortLifetimesScaleTheWindowTheSameWay() {
        RenewalWindow w = RenewalService.windowOf(NOT_BEFORE, NOT_BEFORE.plus(Duration.ofHours(6)));

        assertThat(w.start()).isEqualTo(NOT_BEFORE.plus(Duration.ofHours(4)));
        assertThat(w.end()).isEqualTo(NOT_BEFORE.plus(Duration.ofHours(5)));
    }

    @Test
    void windowEndIsAlwaysAtLeastASecondAfterItsStart() {
        for (long millis : new long[] {0, 1, 5, 999, 3_000, 5_999, 6_000, 86_400_000}) {
            RenewalWindow w = RenewalService.windowOf(NOT_BEFORE, NOT_BEFORE.plusMillis(millis));
            assertThat(w.end())
                    .as("lifetime %d ms", millis)
                    .isAfterOrEqualTo(w.start().plusSeconds(1));
        }
    }
}
