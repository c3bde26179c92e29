package dev.cairn.nonce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InMemoryNonceServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryNonceService nonces =
            new InMemoryNonceService(clock, new SecureRandom(), Duration.ofMinutes(10), 1000);

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
    @ValueSource(strings = {"AAAAAAAAAAAAAAAAAAAAAA", "AAAA", "!!!", "", "bm9uY2Vub25jZW5vbmNlbm9uY2Vub25jZQ"})
    void aNonceThatWasNeverIssuedIsRejected(String nonce) {
        nonces.issue();
        assertThat(nonces.redeem(nonce)).isFalse();
    }

    @Test
    void aNullNonceIsRejected() {
        assertThat(nonces.redeem(null)).isFalse();
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
    void whenTheStoreIsFullTheOldestNoncesAreDropped() {
        InMemoryNonceService small = new InMemoryNonceService(clock, new SecureRandom(), Duration.ofHours(1), 3);
        String first = small.issue();
        String second = small.issue();
        String third = small.issue();
        String fourth = small.issue();

        assertThat(small.outstanding()).isEqualTo(3);
        assertThat(small.redeem(first)).isFalse();
        assertThat(small.redeem(second)).isTrue();
        assertThat(small.redeem(third)).isTrue();
        assertThat(small.redeem(fourth)).isTrue();
    }

    @Test
    void theStoreStaysBoundedWhileNoncesAreRedeemedAndIssued() {
        InMemoryNonceService small = new InMemoryNonceService(clock, new SecureRandom(), Duration.ofHours(1), 10);
        for (int i = 0; i < 1000; i++) {
            String kept = small.issue();
            if (i % 2 == 0) {
                assertThat(small.redeem(kept)).isTrue();
            }
        }
        assertThat(small.outstanding()).isLessThanOrEqualTo(10);
    }

    @Test
    void issuedNoncesAreDistinctUnpaddedBase64Url() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String nonce = nonces.issue();
            assertThat(nonce).matches("^[A-Za-z0-9_-]+$").hasSize(22);
            seen.add(nonce);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void noncesComeFromTheInjectedRandom() {
        InMemoryNonceService a = new InMemoryNonceService(clock, seeded(42), Duration.ofHours(1), 10);
        InMemoryNonceService b = new InMemoryNonceService(clock, seeded(42), Duration.ofHours(1), 10);
        assertThat(a.issue()).isEqualTo(b.issue());
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

    @Test
    void concurrentIssueAndRedeemNeverAcceptsANonceTwice() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        InMemoryNonceService shared = new InMemoryNonceService(clock, new SecureRandom(), Duration.ofHours(1), 100);
        try {
            List<Future<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(pool.submit(() -> {
                    int reused = 0;
                    for (int i = 0; i < 2000; i++) {
                        String n = shared.issue();
                        shared.redeem(n);
                        reused += shared.redeem(n) ? 1 : 0;
                    }
                    return reused;
                }));
            }
            int total = 0;
            for (Future<Integer> f : tasks) {
                total += f.get(30, TimeUnit.SECONDS);
            }
            assertThat(total).isZero();
            assertThat(shared.outstanding()).isLessThanOrEqualTo(100 + threads);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesNonsenseConfiguration() {
        assertThatThrownBy(() -> new InMemoryNonceService(clock, new SecureRandom(), Duration.ZERO, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InMemoryNonceService(clock, new SecureRandom(), Duration.ofHours(1), 0))
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

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
