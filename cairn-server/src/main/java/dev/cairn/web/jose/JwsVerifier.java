package dev.cairn.web.jose;

import dev.cairn.crypto.CryptoBackend;
import dev.cairn.crypto.EcdsaVerifier;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;

/**
 * Verifies the signature of a {@link FlattenedJws} with the {@linkplain CryptoBackend#active()
 * active crypto backend}. ECDSA (JOSE's raw R‖S, each exactly the curve's coordinate size, RFC
 * 7518 §3.4) goes through {@link EcdsaVerifier}, which caches account keys; RS256 through the
 * backend (native or the JDK), EdDSA through the JDK. {@link Signature} is not thread-safe, so
 * one is made per call.
 */
public final class JwsVerifier {
    private JwsVerifier() {}

    /** True only when the signature is valid for {@code key} under the header's alg. */
    public static boolean verify(FlattenedJws jws, PublicKey key) {
        return verify(CryptoBackend.active(), jws, key);
    }

    /** As {@link #verify(FlattenedJws, PublicKey)}, with the given backend. */
    public static boolean verify(CryptoBackend backend, FlattenedJws jws, PublicKey key) {
        String alg = jws.header().alg();
        if (alg == null || key == null || !alg.equals(AlgorithmPolicy.algorithmFor(key))) {
            return false;
        }
        byte[] signature = Base64Url.decodeOrNull(jws.signatureB64());
        if (signature == null) {
            return false;
        }
        String jdkName;
        EcCurve curve = EcCurve.byAlg(alg);
        if (curve != null) {
            return key instanceof ECPublicKey ec
                    && EcdsaVerifier.verify(backend, ec, jws.signingInput(), signature, curve.size());
        } else if ("RS256".equals(alg)) {
            jdkName = "SHA256withRSA";
        } else if ("EdDSA".equals(alg)) {
            if (signature.length != 64) {
                return false;
            }
            jdkName = "Ed25519";
        } else {
            return false;
        }
        return verify(backend, jdkName, key, jws.signingInput(), signature);
    }

    private static boolean verify(
            CryptoBackend backend, String jdkName, PublicKey key, byte[] input, byte[] signature) {
        try {
            return backend.verify(
                    jdkName, jdkName.endsWith("withRSA") ? backend.nativeKey(key) : key, input, signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
