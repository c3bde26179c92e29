package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Debian's certbot, run as a process against Cairn on loopback. Certbot trusts Cairn's listener
 * through {@code REQUESTS_CA_BUNDLE}; it is never run with {@code --no-verify-ssl}.
 */
class CertbotEndToEndTest extends RealClientTest {
    private static final String[] TOOLS = {"certbot", "curl"};

    @Override
    String[] tools() {
        return TOOLS;
    }

    @Test
    void certbotIssuesRenewsAndRevokesTwoNameCertificateOverHttp01() throws Exception {
        cairn.clearConformanceReports();
        Path dir = cairn.newClientDir("certbot-http01");
        Set<String> names = Set.of("e2e-1.test", "e2e-2.test");
        X509Certificate root = cairn.issuingRoot();
        Path live = dir.resolve("config/live/e2e-1.test");

        run(
                dir,
                "certonly",
                "--standalone",
                "--agree-tos",
                "--register-unsafely-without-email",
                "--http-01-port",
                String.valueOf(cairn.http01Port()),
                "--http-01-address",
                "127.0.0.1",
                "-d",
                "e2e-1.test",
                "-d",
                "e2e-2.test");
        X509Certificate issued = IssuedChain.assertValid(live.resolve("fullchain.pem"), root, names);

        run(
                dir,
                "renew",
                "--force-renewal",
                "--no-random-sleep-on-renew",
                "--http-01-port",
                String.valueOf(cairn.http01Port()),
                "--http-01-address",
                "127.0.0.1");
        X509Certificate renewed = IssuedChain.assertValid(live.resolve("fullchain.pem"), root, names);
        assertThat(renewed.getSerialNumber()).as("serial after forced renewal").isNotEqualTo(issued.getSerialNumber());

        run(
                dir,
                "revoke",
                "--cert-path",
                live.resolve("cert.pem").toString(),
                "--reason",
                "keycompromise",
                "--no-delete-after-revoke");
        CairnUnderTest.CertificateStatus status = cairn.certificateStatus(renewed.getSerialNumber());
        assertThat(status.status())
                .as("status of the revoked certificate: %s", status.body())
                .isEqualTo("Revoked");
        assertThat(status.reason())
                .as("reason of the revoked certificate: %s", status.body())
                .isNotNull();
        assertThat(status.reason().asInt())
                .as("RFC 5280 keyCompromise: %s", status.body())
                .isEqualTo(1);
        assertThat(cairn.certificateStatus(issued.getSerialNumber()).status())
                .as("the certificate renewal replaced is untouched")
                .isEqualTo("Valid");
        cairn.assertEveryClientConformed();
    }

    @Test
    void certbotIssuesWildcardCertificateOverDns01WithManualHooks() throws Exception {
        cairn.clearConformanceReports();
        Path dir = cairn.newClientDir("certbot-dns01");
        Path authHook = cairn.dns().writeCertbotAuthHook(dir);
        Path cleanupHook = cairn.dns().writeCertbotCleanupHook(dir);

        // Both names share the TXT name _acme-challenge.wild.test, so this also proves both values are served at once.
        run(
                dir,
                "certonly",
                "--manual",
                "--preferred-challenges",
                "dns",
                "--agree-tos",
                "--register-unsafely-without-email",
                "--manual-auth-hook",
                authHook.toString(),
                "--manual-cleanup-hook",
                cleanupHook.toString(),
                "-d",
                "*.wild.test",
                "-d",
                "wild.test");

        IssuedChain.assertValid(
                dir.resolve("config/live/wild.test/fullchain.pem"),
                cairn.issuingRoot(),
                Set.of("*.wild.test", "wild.test"));
        cairn.assertEveryClientConformed();
    }

    private void run(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("certbot"));
        command.addAll(List.of(args));
        command.addAll(List.of(
                "--non-interactive",
                "--server",
                cairn.directoryUrl().toString(),
                "--config-dir",
                dir.resolve("config").toString(),
                "--work-dir",
                dir.resolve("work").toString(),
                "--logs-dir",
                dir.resolve("logs").toString()));
        ProcessRunner.runSuccessfully(
                command,
                Map.of("REQUESTS_CA_BUNDLE", cairn.trustAnchorPath().toString()),
                dir.resolve("process-output"));
    }
}
