package dev.cairn.nonce;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Node-local nonces.
 *
 * <p>Design. A nonce is 16 bytes from the injected {@link SecureRandom} (128 bits, 22
 * base64url characters), so it cannot be guessed and needs no MAC. Outstanding nonces live
 * in a {@link ConcurrentHashMap} from nonce to expiry time; {@code redeem} is one
 * {@code remove}, which is atomic per key, so of many threads redeeming one nonce exactly one
 * wins, and no global lock sits on the hot path (the map locks one bin at a time). The bound
 * is a ring of {@code maxOutstanding} slots filled in issue order by an atomic counter: issuing
 * into a slot drops the nonce that slot held, which is the oldest still tracked. Redeemed
 * nonces just leave a stale ring entry whose later removal is a no-op. Expired nonces are not
 * swept; they are refused on redeem and leave the map when their slot is reused.
 *
 * <p>Cost. About 150 bytes per outstanding nonce (map node, key string, boxed expiry, ring
 * slot): roughly 150 MB at the default maximum of 1,000,000, reached only under sustained
 * issuing without redemption. Issue and redeem are O(1).
 *
 * <p>Limits. Nonces do not survive a restart and are not shared between nodes. When more than
 * {@code maxOutstanding} nonces are issued within one lifetime, the oldest are dropped early
 * and clients get badNonce and retry. A thread descheduled for a whole wrap of the ring
 * between its two steps in {@link #issue} can drop one fresher nonce instead; the bound holds.
 */
public final class InMemoryNonceService implements NonceService {
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    public static final int DEFAULT_MAX_OUTSTANDING = 1_000_000;
    private static final int NONCE_BYTES = 16;
    private static final int NONCE_LENGTH = 22;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final Clock clock;
    private final SecureRandom random;
    private final long lifetimeMillis;
    private final ConcurrentHashMap<String, Long> expiries;
    private final AtomicReferenceArray<String> ring;
    private final AtomicLong issued = new AtomicLong();

    public InMemoryNonceService(Clock clock, SecureRandom random, Duration lifetime, int maxOutstanding) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("nonce lifetime must be positive, was " + lifetime);
        }
        if (maxOutstanding < 1) {
            throw new IllegalArgumentException("maxOutstanding must be at least 1, was " + maxOutstanding);
        }
        this.lifetimeMillis = lifetime.toMillis();
        this.expiries = new ConcurrentHashMap<>(Math.min(maxOutstanding, 1 << 16));
        this.ring = new AtomicReferenceArray<>(maxOutstanding);
    }

    public InMemoryNonceService(Clock clock, SecureRandom random) {
        this(clock, random, DEFAULT_LIFETIME, DEFAULT_MAX_OUTSTANDING);
    }

    @Override
    public String issue() {
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        String nonce = ENCODER.encodeToString(bytes);
        // A collision of 128 random bits does not happen; putIfAbsent keeps single use even so.
        if (expiries.putIfAbsent(nonce, clock.millis() + lifetimeMillis) != null) {
            return issue();
        }
        int slot = (int) Math.floorMod(issued.getAndIncrement(), (long) ring.length());
        String dropped = ring.getAndSet(slot, nonce);
        if (dropped != null) {
            expiries.remove(dropped);
        }
        return nonce;
    }

    @Override
    public boolean redeem(String nonce) {
        if (nonce == null || nonce.length() != NONCE_LENGTH) {
            return false;
        }
        Long expiry = expiries.remove(nonce);
        return expiry != null && clock.millis() < expiry;
    }

    /** Nonces currently tracked, including expired ones not yet dropped; for metrics. */
    public int outstanding() {
        return expiries.size();
    }
}
