package dev.cairn.junit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The CA's idea of now: real time plus an offset that a test moves. Everything time-dependent in
 * Cairn reads it: certificate validity, expiry of nonces, orders and authorizations, renewal
 * windows. Moving it never sleeps and never touches the JVM's clock, so a test can see 90 days
 * pass in a millisecond.
 *
 * <p>Moving time backwards is allowed but rarely what you want: certificates issued then predate
 * the CA that signed them.
 */
public final class CairnClock extends Clock {
    private final Clock real;
    private final AtomicReference<Duration> offset;
    private final ZoneId zone;

    CairnClock(Clock real) {
        this(real, new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
    }

    private CairnClock(Clock real, AtomicReference<Duration> offset, ZoneId zone) {
        this.real = real;
        this.offset = offset;
        this.zone = zone;
    }

    /** Moves the CA's time forward by {@code amount} (backwards if negative). */
    public void advance(Duration amount) {
        offset.accumulateAndGet(amount, Duration::plus);
    }

    /** Makes the CA's time {@code instant} now, and let it run on from there. */
    public void set(Instant instant) {
        offset.set(Duration.between(real.instant(), instant));
    }

    /** Back to real time. */
    public void reset() {
        offset.set(Duration.ZERO);
    }

    /** How far the CA's time is ahead of real time. */
    public Duration offset() {
        return offset.get();
    }

    @Override
    public Instant instant() {
        return real.instant().plus(offset.get());
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that moves with this clock. */
    @Override
    public Clock withZone(ZoneId newZone) {
        return new CairnClock(real, offset, newZone);
    }
}
