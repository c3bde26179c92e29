package dev.cairn.issuance;

import static dev.cairn.issuance.Csrs.csr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.ProblemType;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class CsrCheckerTest {
    private static final KeyPair EC = Fixtures.ecKey("secp256r1");
    private static final KeyPair ACCOUNT = Fixtures.ecKey("secp256r1");
    private static final List<Identifier> TWO_NAMES =
            List.of(Identifier.dns("a.example.com"), Identifier.dns("b.example.com"));

    @Test
    void validEcCsrReturnsItsKey() throws Exception {
        byte[] der = csr(EC).cn("a.example.com")
                .dns("a.example.com", "b.example.com")
                .der();

        PublicKey key = CsrChecker.check(der, TWO_NAMES, ACCOUNT.getPublic());

        assertThat(key).isEqualTo(EC.getPublic());
    }

    @Test
    void validRsaCsrSignedWithSha384IsAccepted() throws Exception {
        KeyPair rsa = Fixtures.rsaKey(2048);
        byte[] der = csr(rsa).dns("b.example.com", "a.example.com")
                .signedWith("SHA384withRSA")
                .der();

        assertThat(CsrChecker.check(der, TWO_NAMES, ACCOUNT.getPublic())).isEqualTo(rsa.getPublic());
    }

    @Test
    void namesAreComparedCaseInsensitivelyAndWildcardsMatch() throws Exception {
        byte[] der = csr(EC).dns("*.Example.COM", "example.com").der();

        CsrChecker.check(der, List.of(Identifier.dns("*.example.com"), Identifier.dns("example.com")), null);
    }

    @Test
    void csrThatIsNotDerIsBadCsr() {
        assertProblem(
                        () -> CsrChecker.check(
                                "-----BEGIN".getBytes(java.nio.charset.StandardCharsets.US_ASCII), TWO_NAMES, null),
                        ProblemType.BAD_CSR)
                .hasMessageContaining("PKCS#10");
    }

    @Test
    void corruptedSignatureIsBadCsr() throws Exception {
        byte[] der = csr(EC).dns("a.example.com", "b.example.com").der();
        der[der.length - 1] ^= 0x01;

        assertProblem(() -> CsrChecker.check(der, TWO_NAMES, null), ProblemType.BAD_CSR)
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void sha1SignatureIsBadCsrNamingTheAcceptedAlgorithms() throws Exception {
        byte[] der = csr(Fixtures.rsaKey(2048))
                .dns("a.example.com", "b.example.com")
                .signedWith("SHA1withRSA")
                .der();

        assertProblem(() -> CsrChecker.check(der, TWO_NAMES, null), ProblemType.BAD_CSR)
                .hasMessageContaining("SHA-256");
    }

    @Test
    void ed25519CsrIsBadCsr() throws Exception {
        KeyPair ed = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] der = csr(ed).dns("a.example.com", "b.example.com")
                .signedWith("Ed25519")
                .der();

        assertProblem(() -> CsrChecker.check(der, TWO_NAMES, null), ProblemType.BAD_CSR);
    }

    @Test
    void extraNameIsBadCsrNamingTheExtraName() throws Exception {
        byte[] der =
                csr(EC).dns("a.example.com", "b.example.com", "c.example.com").der();

        assertProblem(() -> CsrChecker.check(der, TWO_NAMES, null), ProblemType.BAD_CSR)
                .hasMessageContaining("not in the order [c.example.com]")
                .hasMessageNotContaining("missing");
    }

    @Test
    void missingNameIsBadCsrNamingTheMissingName() throws Exception {
        byte[] der = csr(EC).dns("a.example.com").der();

        assertProblem(() -> CsrChecker.check(der, TWO_NAMES, null), ProblemType.BAD_CSR)
                .hasMessageContaining("missing [b.example.com]");
    }

    @Test
    void cnOnlyCsrIsAcceptedWhenTheCnIsTheSingleIdentifier() throws Exception {
        byte[] der = csr(EC).cn("a.example.com").der();

        CsrChecker.check(der, List.of(Identifier.dns("a.example.com")), null);
    }

    @Test
    void cnThatIsNotAnIdentifierIsBadCsr() throws Exception {
        byte[] der = csr(EC).cn("other.example.com")
                .dns("a.example.com", "b.example.com")
                .der();

        assertProblem(() -> CsrChecker.check(der, TWO_NAMES, null), ProblemType.BAD_CSR)
                .hasMessageContaining("other.example.com");
    }

    @Test
    void trailingDotIsBadCsr() throws Exception {
        byte[] der = csr(EC).dns("a.example.com.", "b.example.com").der();

        assertProblem(() -> CsrChecker.check(der, TWO_NAMES, null), ProblemType.BAD_CSR)
                .hasMessageContaining("trailing dot");
    }

    @Test
    void accountKeyInTheCsrIsBadCsr() throws Exception {
        byte[] der = csr(ACCOUNT).dns("a.example.com", "b.example.com").der();

        assertProblem(() -> CsrChecker.check(der, TWO_NAMES, ACCOUNT.getPublic()), ProblemType.BAD_CSR)
                .hasMessageContaining("generate a separate key");
    }

    @Test
    void rsa1024KeyIsBadPublicKey() throws Exception {
        byte[] der =
                csr(Fixtures.rsaKey(1024)).dns("a.example.com", "b.example.com").der();

        assertProblem(() -> CsrChecker.check(der, TWO_NAMES, null), ProblemType.BAD_PUBLIC_KEY);
    }

    @Test
    void p521KeyIsBadPublicKey() throws Exception {
        byte[] der = csr(Fixtures.ecKey("secp521r1"))
                .dns("a.example.com", "b.example.com")
                .signedWith("SHA512withECDSA")
                .der();

        assertProblem(() -> CsrChecker.check(der, TWO_NAMES, null), ProblemType.BAD_PUBLIC_KEY);
    }

    @Test
    void ipIdentifiersMatchIpSansWrittenDifferently() throws Exception {
        byte[] der = csr(EC).ip("192.0.2.7")
                .ip("2001:0db8:0000:0000:0000:0000:0000:0001")
                .der();

        CsrChecker.check(der, List.of(Identifier.ip("2001:db8::1"), Identifier.ip("192.0.2.7")), null);
    }

    @Test
    void ipInADnsNameSanDoesNotSatisfyAnIpIdentifier() throws Exception {
        byte[] der = csr(EC).dns("192.0.2.7").der();

        assertProblem(() -> CsrChecker.check(der, List.of(Identifier.ip("192.0.2.7")), null), ProblemType.BAD_CSR)
                .hasMessageContaining("missing [192.0.2.7]");
    }

    @Test
    void missingIpv6IsReportedInCanonicalForm() throws Exception {
        byte[] der = csr(EC).ip("192.0.2.7").der();

        assertProblem(
                        () -> CsrChecker.check(
                                der, List.of(Identifier.ip("2001:db8::1"), Identifier.ip("192.0.2.7")), null),
                        ProblemType.BAD_CSR)
                .hasMessageContaining("missing [2001:db8:0:0:0:0:0:1]");
    }

    @Test
    void mustStapleRequestIsAcceptedAndIgnored() throws Exception {
        byte[] der = csr(EC).dns("a.example.com", "b.example.com").mustStaple().der();

        assertThat(CsrChecker.check(der, TWO_NAMES, null)).isEqualTo(EC.getPublic());
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertProblem(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ProblemType type) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        AcmeProblem.class, problem -> assertThat(problem.type()).isEqualTo(type));
    }
}
