package dev.cairn.policy;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;

/**
 * Which public keys Cairn accepts, for accounts (RFC 8555 §6.2, JWS) and for certificates
 * (CSR keys). Both answer {@code badPublicKey} with a detail naming what was received and
 * what is accepted.
 *
 * <ul>
 *   <li>Account keys: RSA 2048–4096 bits with an odd public exponent ≥ 65537, EC P-256, P-384,
 *       P-521, Ed25519.
 *   <li>Certificate keys: RSA 2048–4096 bits (exponent as above), EC P-256 and P-384 (the
 *       curves the CA/Browser Forum Baseline Requirements allow in certificates).
 * </ul>
 */
public final class KeyPolicy {
    private static final int RSA_MIN_BITS = 2048;
    private static final int RSA_MAX_BITS = 4096;
    private static final BigInteger MIN_EXPONENT = BigInteger.valueOf(65537);

    private KeyPolicy() {}

    public static void checkAccountKey(PublicKey key) {
        check(key, "account", true);
    }

    public static void checkCertificateKey(PublicKey key) {
        check(key, "certificate", false);
    }

    private static void check(PublicKey key, String use, boolean allowP521AndEd25519) {
        if (key instanceof RSAPublicKey rsa) {
            checkRsa(rsa, use);
        } else if (key instanceof ECPublicKey ec) {
            String curve = curveName(ec.getParams());
            boolean ok =
                    "P-256".equals(curve) || "P-384".equals(curve) || (allowP521AndEd25519 && "P-521".equals(curve));
            if (!ok) {
                throw problem(use + " key is an EC key on " + (curve == null ? "an unsupported curve" : curve)
                        + "; use P-256 or P-384" + (allowP521AndEd25519 ? " (or P-521)" : ""));
            }
        } else if (allowP521AndEd25519 && isEd25519(key)) {
            return;
        } else {
            throw problem(use + " key of type " + key.getAlgorithm() + " is not accepted; use RSA (2048-4096 bits)"
                    + " or EC P-256/P-384" + (allowP521AndEd25519 ? " (or P-521, Ed25519)" : ""));
        }
    }

    private static void checkRsa(RSAPublicKey rsa, String use) {
        int bits = rsa.getModulus().bitLength();
        if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
            throw problem(use + " key is RSA with a " + bits + "-bit modulus; use 2048 to 4096 bits");
        }
        BigInteger e = rsa.getPublicExponent();
        if (!e.testBit(0) || e.compareTo(MIN_EXPONENT) < 0) {
            throw problem(use + " key is RSA with public exponent " + e + "; use an odd exponent of at least 65537");
        }
    }

    private static boolean isEd25519(PublicKey key) {
        return "Ed25519".equalsIgnoreCase(key.getAlgorithm())
                || ("EdDSA".equalsIgnoreCase(key.getAlgorithm()) && key.getEncoded().length == 44);
    }

    private static final BigInteger P256_FIELD =
            new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    private static final BigInteger P256_ORDER =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
    private static final BigInteger P384_ORDER = new BigInteger(
            "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf" + "581a0db248b0a77aecec196accc52973",
            16);
    private static final BigInteger P521_ORDER = new BigInteger(
            "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                    + "fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
            16);

    /** The NIST name (P-256, P-384, P-521) of a curve, or null for any other curve. */
    public static String curveName(ECParameterSpec params) {
        int bits = params.getCurve().getField().getFieldSize();
        BigInteger order = params.getOrder();
        return switch (bits) {
            case 256 ->
                order.equals(P256_ORDER)
                                && params.getCurve().getField() instanceof java.security.spec.ECFieldFp fp
                                && fp.getP().equals(P256_FIELD)
                        ? "P-256"
                        : null;
            case 384 -> order.equals(P384_ORDER) ? "P-384" : null;
            case 521 -> order.equals(P521_ORDER) ? "P-521" : null;
            default -> null;
        };
    }

    private static AcmeProblem problem(String detail) {
        return AcmeProblem.of(ProblemType.BAD_PUBLIC_KEY, detail);
    }
}
