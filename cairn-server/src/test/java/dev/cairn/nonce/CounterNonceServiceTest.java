package dev.cairn.nonce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CounterNonceServiceTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CounterNonceService nonces =
            new CounterNonceService(clock, new SecureRandom(), Duration.ofMinutes(10), 1024);

    @Test
    void anIssuedNonceIsAcceptedOnce() {
        String nonce = nonces.issue();
        assertThat(nonces.redeem(nonce)).isTrue();
    }

    @Test
    void nonceIsRejectedOnSecondUse() {
        String nonce = nonces.issue();
        nonces.redeem(nonce);
        assertThat(nonces.redeem(nonce)).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "AAAAAAAAAAAAAAAAAAAAAA", // right shape, never issued
                "AAAA",
                "!!!",
                "",
                "AAAAAAAAAAAAAAAAAAAAA", // 21
                "AAAAAAAAAAAAAAAAAAAAAAA", // 23
                "AAAAAAAAAAAAAAAAAAAAAA==", // padded
                "AAAAAAAAAAAAAAAAAAAA+A", // standard, not URL-safe, alphabet
                "AAAAAAAAAAAAAAAAAAAA/A",
                "AAAAAAAAAAAAAAAAAAAAA=",
                "AAAAAAAAAA AAAAAAAAAAA",
                "AAAAAAAAAAéAAAAAAAAAAA",
                "AAAAAAAAAA\u0000AAAAAAAAAAA",
                "AAAAAAAAAA\uD83D\uDE00AAAAAAAAAA",
                "bm9uY2Vub25jZW5vbmNlbm9uY2Vub25jZQ"
            })
    void aNonceThatWasNeverIssuedIsRejected(String nonce) {
        nonces.issue();
        assertThat(nonces.redeem(nonce)).isFalse();
    }

    @Test
    void spendTellsWhyANonceIsRefused() {
        String used = nonces.issue();
        String stale = nonces.issue();
        assertThat(nonces.spend(used)).isEqualTo(NonceService.Redemption.ACCEPTED);

        assertThat(nonces.spend(used)).isEqualTo(NonceService.Redemption.REUSED);
        assertThat(nonces.spend("AAAAAAAAAAAAAAAAAAAAAA")).isEqualTo(NonceService.Redemption.NOT_ISSUED);
        assertThat(nonces.spend("not a nonce")).isEqualTo(NonceService.Redemption.NOT_ISSUED);
        assertThat(nonces.spend(null)).isEqualTo(NonceService.Redemption.NOT_ISSUED);
        assertThat(nonces.spend(new CounterNonceService(clock, new SecureRandom()).issue()))
                .as("a nonce of another instance (or of this one before a restart)")
                .isEqualTo(NonceService.Redemption.NOT_ISSUED);
        clock.advance(Duration.ofMinutes(10));
        assertThat(nonces.spend(stale)).isEqualTo(NonceService.Redemption.EXPIRED);
    }

    @Test
    void aNonceOutsideTheWindowIsExpiredNotUnknown() {
        String old = nonces.issue();
        for (int i = 0; i < nonces.window(); i++) {
            nonces.issue();
        }
        assertThat(nonces.spend(old)).isEqualTo(NonceService.Redemption.EXPIRED);
    }

    @Test
    void testModeRejectionsAreToldApartFromClientMistakes() {
        RejectingNonceService rejecting = new RejectingNonceService(nonces, 100, new java.util.Random(1));
        String nonce = rejecting.issue();

        assertThat(rejecting.spend(nonce)).isEqualTo(NonceService.Redemption.REJECTED_ON_PURPOSE);
        assertThat(rejecting.spend(nonce)).isEqualTo(NonceService.Redemption.REUSED);
        assertThat(rejecting.redeem(rejecting.issue())).isFalse();
    }

    @Test
    void aNullNonceIsRejected() {
        assertThat(nonces.redeem(null)).isFalse();
    }

    @Test
    void forgedBlocksAreRejected() {
        for (int i = 0; i < 1000; i++) {
            nonces.issue();
        }
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        byte[] block = new byte[16];
        for (int i = 0; i < 100_000; i++) {
            ThreadLocalRandom.current().nextBytes(block);
            assertThat(nonces.redeem(encoder.encodeToString(block))).isFalse();
        }
    }

    @Test
    void aNonceFromAnotherInstanceIsRejected() {
        CounterNonceService other = new CounterNonceService(clock, new SecureRandom(), Duration.ofMinutes(10), 1024);
        for (int i = 0; i < 10; i++) {
            nonces.issue();
        }
        assertThat(nonces.redeem(other.issue())).isFalse();
    }

    @Test
    void aSecondSpellingOfAnIssuedNonceIsRejected() {
        String nonce = nonces.issue();
        int last = ALPHABET.indexOf(nonce.charAt(21));
        // The last character carries 2 bits of the block and 4 unused bits, which must be zero.
        String respelled = nonce.substring(0, 21) + ALPHABET.charAt(last | 1);

        assertThat(Base64.getUrlDecoder().decode(respelled))
                .isEqualTo(Base64.getUrlDecoder().decode(nonce));
        assertThat(nonces.redeem(respelled)).isFalse();
        assertThat(nonces.redeem(nonce)).isTrue();
    }

    @Test
    void aNonceIsRejectedOnceItsLifetimeHasPassed() {
        String nonce = nonces.issue();
        clock.advance(Duration.ofMinutes(10));
        assertThat(nonces.redeem(nonce)).isFalse();
    }

    @Test
    void aNonceIsAcceptedJustBeforeItExpires() {
        String nonce = nonces.issue();
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(nonces.redeem(nonce)).isTrue();
    }

    @Test
    void aClockSteppedBackByMoreThanALifetimeRefusesOutstandingNonces() {
        String nonce = nonces.issue();
        clock.advance(Duration.ofMinutes(-11));
        assertThat(nonces.redeem(nonce)).isFalse();
    }

    @Test
    void aNonceIsRejectedOnceTheWindowOfNewerNoncesHasBeenIssued() {
        String old = nonces.issue();
        for (int i = 0; i < nonces.window(); i++) {
            nonces.issue();
        }
        assertThat(nonces.redeem(old)).isFalse();
    }

    @Test
    void aNonceIsAcceptedWhileFewerNewerNoncesThanTheWindowHaveBeenIssued() {
        String old = nonces.issue();
        for (int i = 0; i < nonces.window() - 1; i++) {
            nonces.issue();
        }
        assertThat(nonces.redeem(old)).isTrue();
    }

    @Test
    void everyNonceInsideTheWindowIsAcceptedInAnyOrderLapAfterLap() {
        CounterNonceService small = new CounterNonceService(clock, new SecureRandom(), Duration.ofHours(1), 64);
        for (int lap = 0; lap < 20; lap++) {
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < small.window(); i++) {
                batch.add(small.issue());
            }
            for (int i = batch.size() - 1; i >= 0; i--) {
                assertThat(small.redeem(batch.get(i)))
                        .as("lap %d, nonce %d", lap, i)
                        .isTrue();
            }
            for (String nonce : batch) {
                assertThat(small.redeem(nonce)).isFalse();
            }
        }
    }

    @Test
    void issuedNoncesAreDistinctUnpaddedBase64UrlOf22Characters() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String nonce = nonces.issue();
            assertThat(nonce).matches("^[A-Za-z0-9_-]{22}$");
            assertThat(Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(Base64.getUrlDecoder().decode(nonce)))
                    .isEqualTo(nonce);
            seen.add(nonce);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void noncesComeFromTheInjectedRandom() {
        CounterNonceService a = new CounterNonceService(clock, seeded(42), Duration.ofHours(1), 64);
        CounterNonceService b = new CounterNonceService(clock, seeded(42), Duration.ofHours(1), 64);
        CounterNonceService c = new CounterNonceService(clock, seeded(43), Duration.ofHours(1), 64);
        String fromA = a.issue();
        assertThat(b.issue()).isEqualTo(fromA);
        assertThat(c.issue()).isNotEqualTo(fromA);
    }

    @Test
    void theStateStaysFixedWhileTenMillionNoncesAreIssued() {
        CounterNonceService big = new CounterNonceService(clock, new SecureRandom());
        long bytes = big.trackedBytes();
        int window = big.window();
        String first = big.issue();
        String last = first;
        for (int i = 1; i < 10_000_000; i++) {
            last = big.issue();
            if (i % 16 == 0) {
                big.redeem(last);
            }
        }

        assertThat(big.trackedBytes()).isEqualTo(bytes).isEqualTo(256 * 1024);
        assertThat(big.window()).isEqualTo(window);
        assertThat(big.redeem(first)).isFalse();
        assertThat(big.redeem(last)).isTrue();
        assertThat(big.redeem(last)).isFalse();
    }

    @Test
    void concurrentRedeemOfOneNonceSucceedsExactlyOnce() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 50; round++) {
                String nonce = nonces.issue();
                CountDownLatch start = new CountDownLatch(1);
                AtomicInteger wins = new AtomicInteger();
                List<Future<?>> tasks = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    tasks.add(pool.submit(() -> {
                        start.await();
                        if (nonces.redeem(nonce)) {
                            wins.incrementAndGet();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : tasks) {
                    f.get(10, TimeUnit.SECONDS);
                }
                assertThat(wins).hasValue(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "tracking {0} counters")
    @ValueSource(ints = {64, 1 << 20})
    void concurrentIssueAndRedeemNeverAcceptsANonceTwice(int tracked) throws Exception {
        int threads = 8;
        CounterNonceService shared = new CounterNonceService(clock, new SecureRandom(), Duration.ofHours(1), tracked);
        AtomicReferenceArray<String> recent = new AtomicReferenceArray<>(256);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(pool.submit(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    int twice = 0;
                    for (int i = 0; i < 50_000; i++) {
                        recent.set(rnd.nextInt(recent.length()), shared.issue());
                        // Redeem and replay nonces other threads issued, in any order.
                        for (int k = 0; k < 2; k++) {
                            String n = recent.get(rnd.nextInt(recent.length()));
                            if (n != null && shared.redeem(n) && !accepted.add(n)) {
                                twice++;
                            }
                        }
                    }
                    return twice;
                }));
            }
            int total = 0;
            for (Future<Integer> f : tasks) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isZero();
            assertThat(accepted).isNotEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesNonsenseConfiguration() {
        SecureRandom random = new SecureRandom();
        assertThatThrownBy(() -> new CounterNonceService(clock, random, Duration.ZERO, 64))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CounterNonceService(clock, random, Duration.ofHours(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CounterNonceService(clock, random, Duration.ofHours(1), 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CounterNonceService(clock, random, Duration.ofHours(1), 1000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CounterNonceService(clock, random, Duration.ofHours(1), Integer.MIN_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
