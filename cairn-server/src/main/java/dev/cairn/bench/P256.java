package dev.cairn.bench;

import dev.cairn.crypto.CryptoBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.util.BigIntegers;

/**
 * The load generator's P-256 keys, ES256 signatures and CSRs: natively through Amazon Corretto
 * Crypto Provider where Cairn's {@link CryptoBackend} finds it (about 60,000 signatures/s per
 * core here), else on BouncyCastle's lightweight API, whose special-form secp256r1 arithmetic
 * and fixed-base comb are several times cheaper than the JDK's provider (about 11,000/s). The
 * client shares the cores with the server it measures, so its crypto must cost little. A key
 * is used by one client thread at a time. Lightweight nonces k are deterministic (RFC 6979),
 * so no {@link SecureRandom} is shared between threads when signing.
 */
abstract sealed class P256 permits P256.Native, P256.Lightweight {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** A key pair: ES256 signatures, its public JWK and CSRs. */
    interface Key {
        /** ES256: ECDSA over SHA-256, signature as R||S, 32 octets each (RFC 7518 §3.4). */
        byte[] sign(byte[] input);

        /** The public JWK (RFC 7518 §6.2.1) with members in RFC 7638 order. */
        String jwk();

        /** A DER PKCS#10 request for {@code name} (CN and SAN dNSName), signed ECDSA with SHA-256. */
        byte[] csr(String name);
    }

    /** Native where available, else lightweight. */
    static P256 fastest() {
        CryptoBackend backend = CryptoBackend.nativeIfAvailable();
        return backend.isNative() ? new Native(backend.signingProvider()) : Lightweight.INSTANCE;
    }

    static P256 lightweight() {
        return Lightweight.INSTANCE;
    }

    /** A new key pair; {@code random} feeds the lightweight generator (ACCP draws from its own DRBG). */
    abstract Key generate(SecureRandom random);

    /** Which implementation, for the report. */
    abstract String description();

    private static String jwk(byte[] x, byte[] y) {
        return "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + B64.encodeToString(x) + "\",\"y\":\""
                + B64.encodeToString(y) + "\"}";
    }

    private static byte[] csr(String name, SubjectPublicKeyInfo publicKey, ContentSigner signer) {
        try {
            PKCS10CertificationRequestBuilder builder =
                    new PKCS10CertificationRequestBuilder(new X500Name("CN=" + name), publicKey);
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, name)));
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            return builder.build(signer).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Through a JCA provider (ACCP), keys generated natively. */
    static final class Native extends P256 {
        private final Provider provider;
        private final ThreadLocal<KeyPairGenerator> generators;

        Native(Provider provider) {
            this.provider = provider;
            this.generators = ThreadLocal.withInitial(() -> {
                try {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", provider);
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                    return g;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("P-256 key generation in " + provider.getName(), e);
                }
            });
        }

        @Override
        Key generate(SecureRandom random) {
            KeyPair pair = generators.get().generateKeyPair();
            try {
                Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format", provider);
                signer.initSign(pair.getPrivate());
                return new NativeKey(pair, signer, provider);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ES256 signing in " + provider.getName(), e);
            }
        }

        @Override
        String description() {
            return "native (" + provider.getName() + " " + provider.getVersionStr() + ")";
        }
    }

    private record NativeKey(KeyPair pair, Signature signer, Provider provider) implements Key {
        @Override
        public byte[] sign(byte[] input) {
            try {
                signer.update(input);
                return signer.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String jwk() {
            java.security.spec.ECPoint w = ((ECPublicKey) pair.getPublic()).getW();
            return P256.jwk(
                    BigIntegers.asUnsignedByteArray(32, w.getAffineX()),
                    BigIntegers.asUnsignedByteArray(32, w.getAffineY()));
        }

        @Override
        public byte[] csr(String name) {
            try {
                return P256.csr(
                        name,
                        SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()),
                        new JcaContentSignerBuilder("SHA256withECDSA")
                                .setProvider(provider)
                                .build(pair.getPrivate()));
            } catch (OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** BouncyCastle's lightweight API: pure Java. */
    static final class Lightweight extends P256 {
        static final Lightweight INSTANCE = new Lightweight();
        private static final X9ECParameters CURVE = CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256r1);
        private static final ECNamedDomainParameters DOMAIN =
                new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, CURVE);

        @Override
        Key generate(SecureRandom random) {
            ECKeyPairGenerator generator = new ECKeyPairGenerator();
            generator.init(new ECKeyGenerationParameters(DOMAIN, random));
            return new LightweightKey(generator.generateKeyPair());
        }

        @Override
        String description() {
            return "pure Java (BouncyCastle lightweight)";
        }
    }

    private record LightweightKey(AsymmetricCipherKeyPair pair) implements Key {
        @Override
        public byte[] sign(byte[] input) {
            SHA256Digest digest = new SHA256Digest();
            digest.update(input, 0, input.length);
            byte[] hash = new byte[32];
            digest.doFinal(hash, 0);
            ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            signer.init(true, pair.getPrivate());
            BigInteger[] rs = signer.generateSignature(hash);
            byte[] out = new byte[64];
            BigIntegers.asUnsignedByteArray(rs[0], out, 0, 32);
            BigIntegers.asUnsignedByteArray(rs[1], out, 32, 32);
            return out;
        }

        @Override
        public String jwk() {
            ECPoint q = ((ECPublicKeyParameters) pair.getPublic()).getQ().normalize();
            return P256.jwk(
                    q.getAffineXCoord().getEncoded(), q.getAffineYCoord().getEncoded());
        }

        @Override
        public byte[] csr(String name) {
            try {
                return P256.csr(
                        name,
                        SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()),
                        new BcECContentSignerBuilder(
                                        new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256),
                                        new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256))
                                .build((ECPrivateKeyParameters) pair.getPrivate()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
