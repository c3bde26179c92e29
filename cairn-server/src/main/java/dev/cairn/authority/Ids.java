package dev.cairn.authority;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Unpredictable resource identifiers (RFC 8555 §10.5): 128 random bits in base64url, after the
 * second they were made in, as nine hex digits. Challenge tokens get 256 random bits and no time
 * (RFC 8555 §8.3 asks for at least 128).
 *
 * <p>The time in front is for the database. Identifiers are the primary keys of accounts, orders
 * and authorizations, and the leading columns of the challenge and order-authorization keys. Fully
 * random keys put every new row on a random page of each of those indexes: once the indexes
 * outgrow the database's cache, every issuance reads pages back and, after each checkpoint, writes
 * a full copy of each page it touches to PostgreSQL's write-ahead log (measured: 3.5 times the log
 * per certificate at a million stored; docs/performance.md "Scale"). Keys that grow with time are
 * inserted next to each other instead. The random part alone keeps them unguessable.
 */
public final class Ids {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final HexFormat HEX = HexFormat.of();
    /** Nine hex digits of seconds last until the year 4147. */
    private static final int TIME_DIGITS = 9;

    private final SecureRandom random;
    private final Clock clock;

    Ids(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    String id() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return id(clock.instant().getEpochSecond(), b);
    }

    /** The identifier made in {@code epochSecond} from 16 random bytes (public for {@code cairn seed}). */
    public static String id(long epochSecond, byte[] random16) {
        return timePrefix(epochSecond) + B64.encodeToString(random16);
    }

    String token() {
        return random(32);
    }

    /** The low nine hex digits of {@code epochSecond} (a clock set before 1970 wraps, harmlessly). */
    static String timePrefix(long epochSecond) {
        return HEX.toHexDigits(epochSecond).substring(16 - TIME_DIGITS);
    }

    private String random(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return B64.encodeToString(b);
    }
}
