package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;

/**
 * The packaged {@code cairn serve} issues with either crypto backend: native (ACCP, then also
 * the JVM's default provider, so TLS runs through it) and pure Java ({@code CAIRN_CRYPTO=java}),
 * and says at start which one it uses.
 */
class CryptoBackendIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ParameterizedTest(name = "CAIRN_CRYPTO={0}")
    @ValueSource(strings = {"native", "java"})
    void issuesACertificateThatChainsToItsIssuerAndLogsTheBackend(String setting) throws Exception {
        String arch = System.getProperty("os.arch");
        assumeTrue(
                !setting.equals("native")
                        || (System.getProperty("os.name").startsWith("Linux")
                                && ("amd64".equals(arch) || "x86_64".equals(arch))),
                "ACCP ships its native library for Linux x86-64 only");
        CairnCommandIT.Running r =
                CairnCommandIT.serve(Map.of("CAIRN_CRYPTO", setting), "--in-memory", "--always-valid");
        try {
            Session session =
                    dev.cairn.testing.Acme4jSessions.session(r.directory(), CrashRecoveryIT.anchor(r.trustAnchor()));
            Login login = new org.shredzone.acme4j.AccountBuilder()
                    .agreeToTermsOfService()
                    .useKeyPair(CrashRecoveryIT.ecKey())
                    .createLogin(session);
            Order order =
                    login.getAccount().newOrder().domain("crypto.example.test").create();
            for (Authorization authz : order.getAuthorizations()) {
                authz.findChallenge(Http01Challenge.class).orElseThrow().trigger();
                assertThat(authz.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
            }
            order.waitUntilReady(WAIT);
            order.execute(CrashRecoveryIT.ecKey());
            assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);

            List<X509Certificate> chain = order.getCertificate().getCertificateChain();
            chain.get(0).verify(chain.get(1).getPublicKey());
            assertThat(chain.get(0).getSubjectAlternativeNames().toString()).contains("crypto.example.test");
        } finally {
            CairnCommandIT.stop(r);
        }
        String output;
        synchronized (r.output()) {
            output = String.join("\n", r.output());
        }
        if (setting.equals("native")) {
            assertThat(output)
                    .contains("signatures: native (Amazon Corretto Crypto Provider")
                    .contains("also the JVM's default provider");
        } else {
            assertThat(output).contains("signatures: pure Java");
        }
        assertThat(output).doesNotContain("Exception");
    }
}
