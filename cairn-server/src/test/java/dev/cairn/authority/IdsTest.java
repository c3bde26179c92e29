package dev.cairn.authority;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final Ids ids = new Ids(new SecureRandom(), clock);

    @Test
    void anIdIsTheCreationSecondInNineHexDigitsThen128RandomBitsInBase64url() {
        String id = ids.id();
        long second = Instant.parse("2026-11-28T12:00:00Z").getEpochSecond();
        assertThat(id).hasSize(9 + 22).startsWith(String.format("%09x", second));
        assertThat(Base64.getUrlDecoder().decode(id.substring(9))).hasSize(16);
    }

    @Test
    void idsMadeInTheSameSecondAreDistinctAndEveryRandomBitVaries() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            made.add(ids.id());
        }
        assertThat(new HashSet<>(made)).hasSize(made.size());
        assertThat(made).allMatch(id -> id.startsWith(made.get(0).substring(0, 9)));
        int varying = 0;
        for (int bit = 0; bit < 128; bit++) {
            int b = bit;
            boolean set = made.stream().anyMatch(id -> bit(id, b));
            boolean clear = made.stream().anyMatch(id -> !bit(id, b));
            varying += set && clear ? 1 : 0;
        }
        assertThat(varying).isEqualTo(128);
    }

    /** What the prefix is for: later ids sort after earlier ones, so new index keys are neighbours. */
    @Test
    void idsSortByTheSecondTheyWereMadeIn() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            made.add(ids.id());
            clock.advance(Duration.ofSeconds(1 + i * 997L));
        }
        assertThat(made).isSorted();
    }

    @Test
    void aClockBefore1970WrapsInsteadOfFailing() {
        assertThat(Ids.timePrefix(-1)).isEqualTo("fffffffff");
        assertThat(Ids.timePrefix(0)).isEqualTo("000000000");
    }

    private static boolean bit(String id, int bit) {
        byte[] random = Base64.getUrlDecoder().decode(id.substring(9));
        return (random[bit / 8] >> (bit % 8) & 1) == 1;
    }
}
