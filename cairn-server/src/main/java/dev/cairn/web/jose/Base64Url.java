package dev.cairn.web.jose;

import java.util.Base64;

/**
 * Strict unpadded base64url (RFC 7515 §2, RFC 4648 §5): the JDK decoder also takes padding,
 * so the alphabet and length are checked first.
 */
final class Base64Url {
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Base64Url() {}

    static boolean isValid(String s) {
        if (s.length() % 4 == 1) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Decodes {@code s}, or returns null when it is not unpadded base64url. */
    static byte[] decodeOrNull(String s) {
        if (!isValid(s)) {
            return null;
        }
        try {
            return DECODER.decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }
}
