package dev.cairn.authority;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * An account's public key in the three forms Cairn needs: the JDK key for verifying, its
 * RFC 7638 thumbprint (base64url SHA-256) for key authorizations and the one-account-per-key
 * index, and the JWK JSON as the client sent it for the account object.
 */
public record AccountKey(PublicKey publicKey, String thumbprint, String jwkJson) {
    public AccountKey {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(thumbprint, "thumbprint");
        Objects.requireNonNull(jwkJson, "jwkJson");
    }

    /** The SubjectPublicKeyInfo DER, the form storage keeps. */
    public byte[] spki() {
        return publicKey.getEncoded();
    }

    public static AccountKey fromStored(String algorithm, byte[] spki, String thumbprint, String jwkJson) {
        try {
            PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
            return new AccountKey(key, thumbprint, jwkJson);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("stored account key cannot be decoded", e);
        }
    }

    /** True when {@code other} is the same key (compared by SPKI encoding). */
    public boolean sameKeyAs(PublicKey other) {
        return java.util.Arrays.equals(spki(), other.getEncoded());
    }

    public String spkiBase64() {
        return Base64.getEncoder().encodeToString(spki());
    }
}
