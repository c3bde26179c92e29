package dev.cairn.web.jose;

import dev.cairn.crypto.EcdsaVerifier;
import dev.cairn.crypto.Signatures;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;

/**
 * Verifies the signature of a {@link FlattenedJws}. ECDSA (JOSE's raw R‖S, each exactly the
 * curve's coordinate size, RFC 7518 §3.4) goes through {@link EcdsaVerifier}, which reuses
 * BouncyCastle's tables for an account key it has seen; RS256 and EdDSA through the JDK.
 * {@link Signature} is not thread-safe, so one is made per call.
 */
public final class JwsVerifier {
    private JwsVerifier() {}

    /** True only when the signature is valid for {@code key} under the header's alg. */
    public static boolean verify(FlattenedJws jws, PublicKey key) {
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
                    && EcdsaVerifier.verify(ec, jws.signingInput(), signature, curve.size());
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
        return verify(jdkName, key, jws.signingInput(), signature);
    }

    private static boolean verify(String jdkName, PublicKey key, byte[] input, byte[] signature) {
        try {
            Signature verifier = Signatures.verifier(jdkName);
            verifier.initVerify(key);
            verifier.update(input);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
