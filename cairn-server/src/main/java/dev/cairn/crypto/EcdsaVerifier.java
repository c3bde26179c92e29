package dev.cairn.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ECDSA verification of JOSE signatures (raw R‖S, RFC 7518 §3.4). With the native backend
 * ({@link CryptoBackend}) through ACCP's {@code SHA…withECDSAinP1363Format}, on a cached native
 * copy of the key; with the pure-Java backend through BouncyCastle's lightweight API and a cache
 * of public points, as below. Both take the signature only when it is exactly {@code 2 × size}
 * bytes, and both accept a high S (JWS does not require low S, RFC 7518 §3.4).
 *
 * <p>Why: ECDSA verification is most of Cairn's CPU per certificate (docs/performance.md), and
 * an account signs every request with the same key. BouncyCastle keeps the window tables it
 * builds for a point on the point object itself, so verifying against the same cached point
 * again skips both the JDK-to-BouncyCastle key conversion and the table building. The cache is
 * bounded: past {@link #MAX_KEYS} points it is cleared and refills with the keys in use.
 * Points are validated (on the curve, in the right subgroup) when they enter the cache.
 */
public final class EcdsaVerifier {
    static final int MAX_KEYS = 10_000;

    private static final ConcurrentHashMap<java.security.spec.ECPoint, ECPublicKeyParameters> POINTS =
            new ConcurrentHashMap<>();

    private EcdsaVerifier() {}

    /**
     * Verifies {@code signature} (R‖S, each {@code size} bytes) over {@code input} hashed with
     * the curve's JOSE hash (SHA-256, -384, -512). False for any malformed input, never throws.
     */
    public static boolean verify(ECPublicKey key, byte[] input, byte[] signature, int size) {
        return verify(CryptoBackend.active(), key, input, signature, size);
    }

    /** As {@link #verify(ECPublicKey, byte[], byte[], int)}, with the given backend. */
    public static boolean verify(CryptoBackend backend, ECPublicKey key, byte[] input, byte[] signature, int size) {
        Curve curve = Curve.forSize(size);
        if (curve == null
                || signature.length != 2 * size
                || key.getParams().getCurve().getField().getFieldSize() != curve.bits) {
            return false;
        }
        if (backend.isNative()) {
            return verifyNative(backend, curve, key, input, signature);
        }
        try {
            ECPublicKeyParameters params = params(key, curve);
            if (params == null) {
                return false;
            }
            BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, size));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, size, 2 * size));
            byte[] hash = MessageDigest.getInstance(curve.hash).digest(input);
            ECDSASigner signer = new ECDSASigner();
            signer.init(false, params);
            return signer.verifySignature(hash, r, s);
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            return false;
        }
    }

    private static boolean verifyNative(
            CryptoBackend backend, Curve curve, ECPublicKey key, byte[] input, byte[] signature) {
        try {
            return backend.verify(curve.p1363, backend.nativeKey(key), input, signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static ECPublicKeyParameters params(ECPublicKey key, Curve curve) {
        java.security.spec.ECPoint w = key.getW();
        ECPublicKeyParameters cached = POINTS.get(w);
        if (cached != null && cached.getParameters().getCurve().getFieldSize() == curve.bits) {
            return cached;
        }
        ECPoint q = curve.domain.getCurve().createPoint(w.getAffineX(), w.getAffineY());
        ECPublicKeyParameters fresh = new ECPublicKeyParameters(q, curve.domain); // validates the point
        if (POINTS.size() >= MAX_KEYS) {
            POINTS.clear();
        }
        POINTS.put(w, fresh);
        return fresh;
    }

    private enum Curve {
        P256("secp256r1", "SHA-256", 256, 32),
        P384("secp384r1", "SHA-384", 384, 48),
        P521("secp521r1", "SHA-512", 521, 66);

        final String p1363;
        final ECDomainParameters domain;
        final String hash;
        final int bits;
        final int size;

        Curve(String name, String hash, int bits, int size) {
            X9ECParameters x9 = CustomNamedCurves.getByName(name);
            this.domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
            this.hash = hash;
            this.p1363 = hash.replace("-", "") + "withECDSAinP1363Format";
            this.bits = bits;
            this.size = size;
        }

        static Curve forSize(int size) {
            for (Curve c : values()) {
                if (c.size == size) {
                    return c;
                }
            }
            return null;
        }
    }
}
