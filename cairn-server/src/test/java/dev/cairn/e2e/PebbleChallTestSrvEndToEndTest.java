package dev.cairn.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The other end-to-end tests use Cairn's own challenge test server; this one keeps Debian's
 * {@code pebble-challtestsrv} in the loop, so that the hook scripts (and the DNS answers Cairn's
 * validator sees) are still checked against the server they were written for.
 */
class PebbleChallTestSrvEndToEndTest extends RealClientTest {
    private static final String[] TOOLS = {"certbot", "pebble-challtestsrv", "curl"};

    @Override
    String[] tools() {
        return TOOLS;
    }

    @Override
    CairnUnderTest startCairn() throws Exception {
        return CairnUnderTest.start(false, ChallTestSrv.Kind.PEBBLE);
    }

    @Test
    void certbotIssuesWildcardCertificateOverDns01WithDebiansChallTestSrv() throws Exception {
        Path dir = cairn.newClientDir("certbot-dns01-pebble-challtestsrv");
        List<String> command = new ArrayList<>(List.of(
                "certbot",
                "certonly",
                "--manual",
                "--preferred-challenges",
                "dns",
                "--agree-tos",
                "--register-unsafely-without-email",
                "--manual-auth-hook",
                cairn.dns().writeCertbotAuthHook(dir).toString(),
                "--manual-cleanup-hook",
                cairn.dns().writeCertbotCleanupHook(dir).toString(),
                "-d",
                "*.pebble-dns.test",
                "-d",
                "pebble-dns.test",
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
        IssuedChain.assertValid(
                dir.resolve("config/live/pebble-dns.test/fullchain.pem"),
                cairn.issuingRoot(),
                Set.of("*.pebble-dns.test", "pebble-dns.test"));
    }
}
