package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The load generator's keys, checked with the JDK's own verifier and BouncyCastle's CSR parser. */
class P256Test {
    private static final byte[] INPUT = "eyJhbGciOiJFUzI1NiJ9.e30".getBytes(StandardCharsets.US_ASCII);

    static Stream<P256> implementations() {
        return Stream.of(P256.fastest(), P256.lightweight());
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void es256SignaturesAreRAndSAndVerifyUnderTheJwksKey(P256 crypto) throws Exception {
        P256.Key key = crypto.generate(new SecureRandom());
        byte[] signature = key.sign(INPUT);

        assertThat(signature).hasSize(64);
        Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
        jdk.initVerify(publicKey(key.jwk()));
        jdk.update(INPUT);
        assertThat(jdk.verify(signature)).as(crypto.description()).isTrue();
        jdk.initVerify(publicKey(key.jwk()));
        jdk.update("other".getBytes(StandardCharsets.US_ASCII));
        assertThat(jdk.verify(signature)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void theJwkHasItsMembersInThumbprintOrder(P256 crypto) {
        String jwk = crypto.generate(new SecureRandom()).jwk();

        assertThat(jwk)
                .matches(
                        "\\{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"[A-Za-z0-9_-]{43}\",\"y\":\"[A-Za-z0-9_-]{43}\"}");
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aCsrNamesItsDomainAndIsSignedByItsOwnKey(P256 crypto) throws Exception {
        P256.Key key = crypto.generate(new SecureRandom());
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(key.csr("w0-x-1.test"));

        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .setProvider(new BouncyCastleProvider())
                        .build(csr.getSubjectPublicKeyInfo())))
                .isTrue();
        assertThat(csr.getSubject().toString()).isEqualTo("CN=w0-x-1.test");
        Extensions extensions =
                Extensions.getInstance(csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0]
                        .getAttrValues()
                        .getObjectAt(0));
        GeneralNames sans = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        assertThat(sans.getNames()).containsExactly(new GeneralName(GeneralName.dNSName, "w0-x-1.test"));
        PublicKey fromCsr = KeyFactory.getInstance("EC")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(
                        csr.getSubjectPublicKeyInfo().getEncoded()));
        assertThat(fromCsr).isEqualTo(publicKey(key.jwk()));
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void everyKeyIsNew(P256 crypto) {
        SecureRandom random = new SecureRandom();

        assertThat(crypto.generate(random).jwk())
                .isNotEqualTo(crypto.generate(random).jwk());
    }

    private static PublicKey publicKey(String jwk) throws Exception {
        JsonNode j = new ObjectMapper().readTree(jwk);
        Base64.Decoder d = Base64.getUrlDecoder();
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp256r1"));
        ECPoint w = new ECPoint(
                new BigInteger(1, d.decode(j.get("x").asText())),
                new BigInteger(1, d.decode(j.get("y").asText())));
        return KeyFactory.getInstance("EC")
                .generatePublic(new ECPublicKeySpec(w, p.getParameterSpec(ECParameterSpec.class)));
    }
}
