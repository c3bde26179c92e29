package dev.cairn.issuance;

import static dev.cairn.issuance.Csrs.csr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.crypto.CryptoBackend;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.Identifier;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Certificates signed and CSRs checked by either crypto backend are the same to the JDK. */
class SigningBackendsTest {
    private static final List<Identifier> NAME = List.of(Identifier.dns("a.example.com"));

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (CryptoBackend backend : List.of(CryptoBackend.pureJava(), CryptoBackend.nativeIfAvailable())) {
            for (String kind : List.of("secp256r1", "secp384r1", "RSA")) {
                cases.add(Arguments.of(backend.isNative() ? "native" : "java", backend, kind));
            }
        }
        return cases;
    }

    private static KeyPair key(String kind) {
        return kind.equals("RSA") ? Fixtures.rsaKey(2048) : Fixtures.ecKey(kind);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void aCertificateSignedByTheBackendVerifiesWithTheJdk(String name, CryptoBackend backend, String kind)
            throws Exception {
        KeyPair issuer = key(kind);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name("CN=issuer"),
                BigInteger.TEN,
                Date.from(Fixtures.NOW),
                Date.from(Fixtures.NOW.plusSeconds(3600)),
                new X500Name("CN=leaf"),
                Fixtures.ecKey("secp256r1").getPublic());

        X509Certificate certificate =
                Pem.toX509(builder.build(Keys.signer(backend, issuer.getPrivate(), Fixtures.seededRandom(1)))
                        .getEncoded());

        certificate.verify(issuer.getPublic());
        assertThat(certificate.getSigAlgName()).isEqualTo(Keys.signatureAlgorithm(issuer.getPrivate()));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void aCsrIsAcceptedAndItsCorruptedCopyRefused(String name, CryptoBackend backend, String kind) throws Exception {
        KeyPair pair = key(kind);
        byte[] der = csr(pair).dns("a.example.com").der();

        assertThat(CsrChecker.check(backend, der, NAME, null)).isEqualTo(pair.getPublic());

        der[der.length - 1] ^= 0x01;
        assertThatThrownBy(() -> CsrChecker.check(backend, der, NAME, null))
                .isInstanceOf(AcmeProblem.class)
                .hasMessageContaining("signature does not verify");
    }
}
