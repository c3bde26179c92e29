package dev.cairn.web.jose;

import dev.cairn.policy.KeyPolicy;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.EllipticCurve;

/** The three NIST curves JOSE names, with their JWS algorithm and coordinate size. */
enum EcCurve {
    P256("P-256", "secp256r1", "ES256", 32),
    P384("P-384", "secp384r1", "ES384", 48),
    P521("P-521", "secp521r1", "ES512", 66);

    private final String jwkName;
    private final String alg;
    private final int size;
    private final ECParameterSpec spec;

    EcCurve(String jwkName, String stdName, String alg, int size) {
        this.jwkName = jwkName;
        this.alg = alg;
        this.size = size;
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec(stdName));
            this.spec = params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks curve " + stdName, e);
        }
    }

    String jwkName() {
        return jwkName;
    }

    String alg() {
        return alg;
    }

    /** Octets of one coordinate, and half the length of a JOSE ECDSA signature. */
    int size() {
        return size;
    }

    ECParameterSpec spec() {
        return spec;
    }

    static EcCurve byJwkName(String name) {
        for (EcCurve c : values()) {
            if (c.jwkName.equals(name)) {
                return c;
            }
        }
        return null;
    }

    static EcCurve byAlg(String alg) {
        for (EcCurve c : values()) {
            if (c.alg.equals(alg)) {
                return c;
            }
        }
        return null;
    }

    static EcCurve of(ECParameterSpec params) {
        return byJwkName(KeyPolicy.curveName(params));
    }

    /** y² = x³ + ax + b (mod p), with 0 ≤ x, y < p. */
    boolean contains(BigInteger x, BigInteger y) {
        EllipticCurve curve = spec.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger lhs = y.multiply(y).mod(p);
        BigInteger rhs = x.multiply(x)
                .multiply(x)
                .add(curve.getA().multiply(x))
                .add(curve.getB())
                .mod(p);
        return lhs.equals(rhs);
    }

    byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[size];
        int copy = Math.min(b.length, size);
        System.arraycopy(b, b.length - copy, out, size - copy, copy);
        return out;
    }
}
