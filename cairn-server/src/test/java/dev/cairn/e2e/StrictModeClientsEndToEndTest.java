package dev.cairn.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Certbot and lego against Cairn started with {@code strict}: the clients client developers
 * copy from must not trip over anything strict mode refuses, or strict mode would be useless.
 */
class StrictModeClientsEndToEndTest extends RealClientTest {
    private static final String[] TOOLS = {"certbot", "lego", "curl"};

    @Override
    String[] tools() {
        return TOOLS;
    }

    @Override
    CairnUnderTest startCairn() throws Exception {
        return CairnUnderTest.start(true);
    }

    @Test
    void certbotIssuesOverHttp01InStrictMode() throws Exception {
        Path dir = cairn.newClientDir("strict-certbot");

        Path fullchain = certbotStandalone(dir, "strict-certbot.test");

        IssuedChain.assertValid(fullchain, cairn.issuingRoot(), Set.of("strict-certbot.test"));
    }

    @Test
    void legoIssuesOverTlsAlpn01InStrictMode() throws Exception {
        Path dir = cairn.newClientDir("strict-lego");

        ProcessRunner.runSuccessfully(
                List.of(
                        "lego",
                        "--server",
                        cairn.directoryUrl().toString(),
                        "--path",
                        dir.toString(),
                        "--accept-tos",
                        "--email",
                        "e2e@example.com",
                        "--tls",
                        "--tls.port",
                        "127.0.0.1:" + cairn.tlsAlpn01Port(),
                        "-d",
                        "strict-lego.test",
                        "run"),
                Map.of("LEGO_CA_CERTIFICATES", cairn.trustAnchorPath().toString()),
                dir.resolve("process-output"));

        IssuedChain.assertValid(
                dir.resolve("certificates/strict-lego.test.crt"), cairn.issuingRoot(), Set.of("strict-lego.test"));
    }
}
