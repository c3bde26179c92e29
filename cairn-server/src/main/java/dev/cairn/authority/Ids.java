package dev.cairn.authority;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Unpredictable resource identifiers (RFC 8555 §10.5): 128 random bits, base64url. Challenge
 * tokens get 256 bits (RFC 8555 §8.3 asks for at least 128).
 */
final class Ids {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final SecureRandom random;

    Ids(SecureRandom random) {
        this.random = random;
    }

    String id() {
        return random(16);
    }

    String token() {
        return random(32);
    }

    private String random(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return B64.encodeToString(b);
    }
}
