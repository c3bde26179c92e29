package dev.cairn.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Where Cairn gets its signature verifiers.
 *
 * <p>Every ACME request verifies one JWS, and each issuance also verifies a CSR, so ECDSA
 * verification is most of Cairn's CPU per certificate: a profile of the full flow put 71% of
 * request CPU in the JDK's P-256 verification (docs/performance.md). BouncyCastle's provider
 * verifies ECDSA several times faster than the JDK's in the same JVM, so ECDSA goes through
 * it. The provider is used as an object, never registered with {@link java.security.Security},
 * so an application that embeds Cairn keeps its own provider list. RSA verification is cheap
 * in either provider and stays with the JDK, as do Ed25519 and all key generation and signing.
 *
 * <p>Names are the JDK's. JWS signatures (JOSE's raw R‖S) go through {@link EcdsaVerifier},
 * which also caches account keys.
 */
public final class Signatures {
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private Signatures() {}

    /** A new, unshared verifier ({@link Signature} is not thread-safe). */
    public static Signature verifier(String jdkName) throws NoSuchAlgorithmException {
        String bcName = switch (jdkName) {
            case "SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA" -> jdkName;
            default -> null;
        };
        return bcName == null ? Signature.getInstance(jdkName) : Signature.getInstance(bcName, BOUNCY_CASTLE);
    }
}
