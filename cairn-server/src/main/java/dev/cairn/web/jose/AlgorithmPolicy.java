package dev.cairn.web.jose;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

/**
 * Which JWS algorithms Cairn accepts and which key each one needs (RFC 8555 §6.2, catalog
 * JWS-07/08/09). Refusals are badSignatureAlgorithm with the {@code algorithms} array the RFC
 * requires. MAC algorithms, {@code none} and RSA-PSS are refused; Ed25519 is accepted
 * (RFC 8555 SHOULD) even though Boulder and Pebble do not.
 */
public final class AlgorithmPolicy {
    public static final List<String> SUPPORTED = List.of("RS256", "ES256", "ES384", "ES512", "EdDSA");

    private AlgorithmPolicy() {}

    public static void check(String alg, PublicKey key) {
        if (alg == null || !SUPPORTED.contains(alg)) {
            throw problem("JWS alg " + (alg == null ? "is missing" : "\"" + alg + "\" is not accepted")
                    + "; sign with one of " + String.join(", ", SUPPORTED));
        }
        String fitting = algorithmFor(key);
        if (!alg.equals(fitting)) {
            throw problem("JWS alg \"" + alg + "\" does not fit the " + describe(key) + " key; "
                    + (fitting == null ? "use an RSA, EC P-256/P-384/P-521 or Ed25519 key" : "use " + fitting));
        }
    }

    /** The one algorithm Cairn accepts for {@code key}, or null for a key it does not support. */
    static String algorithmFor(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return "RS256";
        }
        if (key instanceof ECPublicKey ec) {
            EcCurve curve = EcCurve.of(ec.getParams());
            return curve == null ? null : curve.alg();
        }
        return JwkKeys.isEd25519(key) ? "EdDSA" : null;
    }

    private static String describe(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            EcCurve curve = EcCurve.of(ec.getParams());
            return "EC " + (curve == null ? "(other curve)" : curve.jwkName());
        }
        return key.getAlgorithm();
    }

    private static AcmeProblem problem(String detail) {
        return AcmeProblem.of(ProblemType.BAD_SIGNATURE_ALGORITHM, detail).withAlgorithms(SUPPORTED);
    }
}
