package dev.cairn.authority;

import java.util.Random;

/**
 * Whether newOrder may reuse a valid authorization it found (RFC 8555 §7.1.3 leaves it to
 * the server). Always outside test mode; {@code --authz-reuse PCT} makes it a dice roll per
 * identifier, like Pebble's {@code PEBBLE_AUTHZREUSE} (but 0 really never reuses).
 */
@FunctionalInterface
public interface AuthorizationReuse {
    boolean reuse();

    static AuthorizationReuse always() {
        return () -> true;
    }

    static AuthorizationReuse percent(int percent, Random random) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("authorization reuse percentage must be 0 to 100, not " + percent);
        }
        return percent == 100 ? always() : () -> random.nextInt(100) < percent;
    }
}
