package dev.cairn.variation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The spelling of nonces (RFC 8555 §6.5.1: an unpadded base64url octet string; its length
 * and content are the server's business). A nonce is {@code prefix} + the {@code coreLength}
 * characters of the underlying nonce + a tag of characters from {@code alphabet}, so that the
 * whole is {@code minLength} to {@code maxLength} characters. Every length is one a base64url
 * octet string can have (not 1 more than a multiple of 4), and for lengths that end in a
 * partial group the alphabet has a last character whose unused bits are zero (RFC 4648 §3.5),
 * so strict decoders accept every nonce.
 */
public record NonceShape(
        String prefix, String alphabetName, String alphabet, int coreLength, int minLength, int maxLength) {
    /** The characters of base64url, in value order. */
    public static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static final String[][] ALPHABETS = {
        {"base64url", BASE64URL},
        {"alphanumeric", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"},
        {"lowercase, digits, - and _", "abcdefghijklmnopqrstuvwxyz0123456789-_"},
        {"digits, - and _", "0123456789-_"}
    };
    private static final int MAX_PREFIX = 8;
    private static final int MAX_LENGTH = 80;

    public NonceShape {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(alphabetName, "alphabetName");
        if (alphabet.isEmpty() || !alphabet.chars().allMatch(c -> BASE64URL.indexOf(c) >= 0)) {
            throw new IllegalArgumentException("a nonce alphabet is a non-empty subset of base64url: " + alphabet);
        }
        if (!prefix.chars().allMatch(c -> alphabet.indexOf(c) >= 0)) {
            throw new IllegalArgumentException("the nonce prefix must use the alphabet: " + prefix);
        }
        if (minLength < prefix.length() + coreLength || maxLength < minLength) {
            throw new IllegalArgumentException("nonce lengths " + minLength + "–" + maxLength + " do not fit");
        }
        if (legalLengths(prefix.length() + coreLength, minLength, maxLength, alphabet)
                .isEmpty()) {
            throw new IllegalArgumentException("no base64url length between " + minLength + " and " + maxLength);
        }
    }

    /**
     * A random shape around a core of {@code coreLength} characters: a prefix of up to eight
     * characters, an alphabet, and one length ({@code perResponse} false) or a range of them.
     */
    public static NonceShape random(Random r, int coreLength, boolean perResponse) {
        String[] alphabet = ALPHABETS[r.nextInt(ALPHABETS.length)];
        StringBuilder prefix = new StringBuilder();
        int prefixLength = r.nextInt(MAX_PREFIX + 1);
        for (int i = 0; i < prefixLength; i++) {
            prefix.append(alphabet[1].charAt(r.nextInt(alphabet[1].length())));
        }
        int shortest = prefixLength + coreLength;
        List<Integer> lengths = legalLengths(shortest, shortest, MAX_LENGTH, alphabet[1]);
        int a = lengths.get(r.nextInt(lengths.size()));
        int b = perResponse ? lengths.get(r.nextInt(lengths.size())) : a;
        return new NonceShape(prefix.toString(), alphabet[0], alphabet[1], coreLength, Math.min(a, b), Math.max(a, b));
    }

    /** The lengths in {@code [min, max]} a nonce of this shape can have. */
    public List<Integer> lengths() {
        return legalLengths(prefix.length() + coreLength, minLength, maxLength, alphabet);
    }

    /**
     * Characters of the alphabet that may end a nonce of {@code length}: any for a whole number
     * of 4-character groups, else those whose unused low bits are zero.
     */
    public String finalCharacters(int length) {
        int unusedBits = length % 4 == 2 ? 4 : length % 4 == 3 ? 2 : 0;
        StringBuilder out = new StringBuilder();
        for (char c : alphabet.toCharArray()) {
            if (BASE64URL.indexOf(c) % (1 << unusedBits) == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static List<Integer> legalLengths(int shortest, int min, int max, String alphabet) {
        List<Integer> out = new ArrayList<>();
        for (int n = min; n <= max; n++) {
            // without a tag the nonce ends with the core's last character, whose unused bits are zero
            boolean endsWithTag = n > shortest;
            if (n % 4 != 1 && (!endsWithTag || hasFinal(alphabet, n))) {
                out.add(n);
            }
        }
        return out;
    }

    private static boolean hasFinal(String alphabet, int length) {
        int unusedBits = length % 4 == 2 ? 4 : length % 4 == 3 ? 2 : 0;
        return alphabet.chars().anyMatch(c -> BASE64URL.indexOf(c) % (1 << unusedBits) == 0);
    }

    public String describe() {
        String length = minLength == maxLength ? minLength + " chars" : minLength + "–" + maxLength + " chars";
        return length + ", prefix '" + prefix + "', tag alphabet " + alphabetName;
    }
}
