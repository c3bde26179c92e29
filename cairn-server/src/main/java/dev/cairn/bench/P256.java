package dev.cairn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
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
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.util.BigIntegers;

/**
 * The load generator's P-256 keys, ES256 signatures and CSRs, on BouncyCastle's lightweight
 * API rather than the JCA: it uses BC's special-form secp256r1 arithmetic and a fixed-base
 * comb for key generation and signing, several times cheaper than the JDK's provider, so the
 * client takes little of the CPU it shares with the server. Nonces k are deterministic
 * (RFC 6979), so no {@link SecureRandom} is shared between threads when signing.
 */
final class P256 {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256r1);
    private static final ECNamedDomainParameters DOMAIN =
            new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, CURVE);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private P256() {}

    static AsymmetricCipherKeyPair generate(SecureRandom random) {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(DOMAIN, random));
        return generator.generateKeyPair();
    }

    /** ES256: ECDSA over SHA-256, signature as R||S, 32 octets each (RFC 7518 §3.4). */
    static byte[] sign(AsymmetricCipherKeyPair key, byte[] input) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(input, 0, input.length);
        byte[] hash = new byte[32];
        digest.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, key.getPrivate());
        BigInteger[] rs = signer.generateSignature(hash);
        byte[] out = new byte[64];
        BigIntegers.asUnsignedByteArray(rs[0], out, 0, 32);
        BigIntegers.asUnsignedByteArray(rs[1], out, 32, 32);
        return out;
    }

    /** The public JWK (RFC 7518 §6.2.1) with members in RFC 7638 order. */
    static String jwk(AsymmetricCipherKeyPair key) {
        ECPoint q = ((ECPublicKeyParameters) key.getPublic()).getQ().normalize();
        return "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
                + B64.encodeToString(q.getAffineXCoord().getEncoded()) + "\",\"y\":\""
                + B64.encodeToString(q.getAffineYCoord().getEncoded()) + "\"}";
    }

    /** A DER PKCS#10 request for {@code name} (CN and SAN dNSName), signed ECDSA with SHA-256. */
    static byte[] csr(AsymmetricCipherKeyPair key, String name) {
        try {
            PKCS10CertificationRequestBuilder builder = new PKCS10CertificationRequestBuilder(
                    new X500Name("CN=" + name),
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key.getPublic()));
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, name)));
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            return builder.build(new BcECContentSignerBuilder(
                                    new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256),
                                    new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256))
                            .build((ECPrivateKeyParameters) key.getPrivate()))
                    .getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
