package dev.cairn.nonce;

import dev.cairn.variation.NonceShape;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

/**
 * Legal-variation mode's nonce spelling ({@code --vary nonce-shape}): each nonce of the
 * wrapped service, whose nonces all have {@link NonceShape#coreLength()} characters, is sent
 * as {@code prefix + core + tag} (RFC 8555 §6.5.1 asks only for base64url).
 *
 * <p>The tag and, when the shape allows a range, the length are derived from the core by
 * SHA-512 under a random salt, so each core has exactly one spelling and redeem accepts that
 * spelling only: it recomputes the spelling from the core, compares, and then redeems the core
 * with the wrapped service. Single use is therefore the wrapped service's, untouched: a
 * second redeem of the same core fails whatever it is wrapped in. The decoration carries no
 * secret; the core keeps its 128 unpredictable bits.
 */
public final class ShapedNonceService implements NonceService {
    private final NonceService inner;
    private final NonceShape shape;
    private final List<Integer> lengths;
    private final byte[] salt = new byte[16];

    public ShapedNonceService(NonceService inner, NonceShape shape, SecureRandom random) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.lengths = shape.lengths();
        random.nextBytes(salt);
    }

    @Override
    public String issue() {
        String core = inner.issue();
        if (core.length() != shape.coreLength()) {
            throw new IllegalStateException(
                    "the wrapped nonce service issued " + core.length() + " characters, not " + shape.coreLength());
        }
        return spell(core);
    }

    @Override
    public boolean redeem(String nonce) {
        return spend(nonce) == Redemption.ACCEPTED;
    }

    /** Another spelling of an issued core was never issued; the one spelling spends the core. */
    @Override
    public Redemption spend(String nonce) {
        int start = shape.prefix().length();
        if (nonce == null || nonce.length() < start + shape.coreLength()) {
            return Redemption.NOT_ISSUED;
        }
        String core = nonce.substring(start, start + shape.coreLength());
        return nonce.equals(spell(core)) ? inner.spend(core) : Redemption.NOT_ISSUED;
    }

    /** The one spelling of {@code core}. */
    private String spell(String core) {
        byte[] d = digest(core);
        int length = lengths.get(((d[0] & 0xff) << 8 | (d[1] & 0xff)) % lengths.size());
        StringBuilder s = new StringBuilder(length).append(shape.prefix()).append(core);
        int tag = length - s.length();
        String alphabet = shape.alphabet();
        for (int i = 0; i < tag; i++) {
            String from = i == tag - 1 ? shape.finalCharacters(length) : alphabet;
            s.append(from.charAt((d[2 + i] & 0xff) % from.length()));
        }
        return s.toString();
    }

    private byte[] digest(String core) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            sha.update(salt);
            return sha.digest(core.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-512 is unavailable", e);
        }
    }
}
