package dev.cairn.web.jose;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import dev.cairn.crypto.Signatures;
import java.security.Signature;

/**
 * Verifies the signature of a {@link FlattenedJws} (ECDSA through the faster provider that
 * {@link Signatures} picks).
 *
 * <p>ECDSA signatures in JOSE are R||S, each exactly the curve's coordinate size (RFC 7518
 * §3.4); the length is checked here and the JDK's {@code SHA*withECDSAinP1363Format}
 * verifies that form directly, which saves a hand-written DER conversion. {@link Signature}
 * is not thread-safe, so one is made per call; the lookup is small next to the verification
 * and stays correct under virtual threads, where a ThreadLocal would not be reused.
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
            if (signature.length != 2 * curve.size()) {
                return false;
            }
            jdkName = switch (alg) {
                case "ES256" -> "SHA256withECDSAinP1363Format";
                case "ES384" -> "SHA384withECDSAinP1363Format";
                default -> "SHA512withECDSAinP1363Format";
            };
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
