package dev.cairn.issuance;

import dev.cairn.crypto.CryptoBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Key generation, signing and key conversion. Keys are generated and converted by the JDK's own
 * providers; certificates are signed by the {@linkplain CryptoBackend#active() active crypto
 * backend} (native where ACCP loads: the JDK 17 provider signs P-256 at only about 700/s on the
 * development machine). BouncyCastle is used to read ASN.1 structures. No provider is ever
 * registered with the JCE, so Cairn can be embedded in a process that has its own provider setup.
 */
final class Keys {
    private static final byte[] PROBE = "cairn key pair check".getBytes(StandardCharsets.US_ASCII);
    /** RFC 7093 §2 method 1: the leftmost 160 bits of the SHA-256 of the subjectPublicKey. */
    private static final int KEY_ID_BYTES = 20;

    private Keys() {}

    static KeyPair generate(CaKeyAlgorithm algorithm, SecureRandom random) {
        return switch (algorithm) {
            case ECDSA_P256 -> ec("secp256r1", random);
            case ECDSA_P384 -> ec("secp384r1", random);
            case RSA_2048 -> rsa(2048, random);
            case RSA_3072 -> rsa(3072, random);
            case RSA_4096 -> rsa(4096, random);
        };
    }

    static KeyPair ec(String curve, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate an EC key on " + curve, e);
        }
    }

    static KeyPair rsa(int bits, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate a " + bits + "-bit RSA key", e);
        }
    }

    /** The JCA signature algorithm a CA key signs with: SHA-256 for RSA and P-256, SHA-384 for P-384. */
    static String signatureAlgorithm(PrivateKey key) {
        String algorithm = key.getAlgorithm();
        if ("RSA".equalsIgnoreCase(algorithm)) {
            return "SHA256withRSA";
        }
        if ("EC".equalsIgnoreCase(algorithm)) {
            int bits = key instanceof ECKey ec ? ec.getParams().getOrder().bitLength() : 256;
            return bits <= 256 ? "SHA256withECDSA" : bits <= 384 ? "SHA384withECDSA" : "SHA512withECDSA";
        }
        throw new IllegalArgumentException("cannot sign with a " + algorithm + " key; use an RSA or EC key");
    }

    static ContentSigner signer(PrivateKey key, SecureRandom random) {
        return signer(CryptoBackend.active(), key, random);
    }

    static ContentSigner signer(CryptoBackend backend, PrivateKey key, SecureRandom random) {
        try {
            JcaContentSignerBuilder builder =
                    new JcaContentSignerBuilder(signatureAlgorithm(key)).setSecureRandom(random);
            if (backend.signingProvider() != null) {
                builder.setProvider(backend.signingProvider());
            }
            return builder.build(backend.nativeKey(key));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the " + key.getAlgorithm() + " key", e);
        }
    }

    static byte[] keyIdentifier(PublicKey key) {
        byte[] subjectPublicKey = SubjectPublicKeyInfo.getInstance(key.getEncoded())
                .getPublicKeyData()
                .getBytes();
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(subjectPublicKey), KEY_ID_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** True when {@code privateKey} is the private half of {@code publicKey}, proven by a signature. */
    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (!privateKey.getAlgorithm().equalsIgnoreCase(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            String algorithm = signatureAlgorithm(privateKey);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(PROBE);
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signer.sign());
        } catch (InvalidKeyException | SignatureException | IllegalArgumentException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compare keys", e);
        }
    }

    /** Same key, whatever encoding details (named vs. explicit curve, leading zeros) differ. */
    static boolean samePublicKey(PublicKey a, PublicKey b) {
        if (a instanceof RSAPublicKey ra && b instanceof RSAPublicKey rb) {
            return ra.getModulus().equals(rb.getModulus())
                    && ra.getPublicExponent().equals(rb.getPublicExponent());
        }
        if (a instanceof ECPublicKey ea && b instanceof ECPublicKey eb) {
            return ea.getW().equals(eb.getW())
                    && ea.getParams().getOrder().equals(eb.getParams().getOrder())
                    && ea.getParams().getCurve().equals(eb.getParams().getCurve());
        }
        return Arrays.equals(a.getEncoded(), b.getEncoded());
    }

    static PublicKey publicKey(SubjectPublicKeyInfo info) throws GeneralSecurityException {
        String algorithm = jcaName(info.getAlgorithm().getAlgorithm());
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
        } catch (IOException e) {
            throw new InvalidKeySpecException("cannot encode the public key", e);
        }
    }

    static PrivateKey privateKey(PrivateKeyInfo info) throws GeneralSecurityException {
        String algorithm = jcaName(info.getPrivateKeyAlgorithm().getAlgorithm());
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (IOException e) {
            throw new InvalidKeySpecException("cannot encode the private key", e);
        }
    }

    private static String jcaName(ASN1ObjectIdentifier oid) throws GeneralSecurityException {
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return "RSA";
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return "EC";
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return "Ed25519";
        }
        throw new NoSuchAlgorithmException("key algorithm " + oid.getId() + " is not supported; use an RSA or EC key");
    }
}
