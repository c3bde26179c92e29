package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.nonce.CounterNonceService;
import dev.cairn.testing.Knobs;
import dev.cairn.variation.VariationSettings;
import dev.cairn.variation.Variations;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Lego and certbot, run as processes, against Cairn under {@code --vary all --vary-per request}:
 * random paths in the flat shape under a prefix, nonces with a prefix, and member order, unknown
 * members, Retry-After, sync and chains changing from response to response. Real clients must
 * get their certificates from every legal server, not just from the one Cairn usually is.
 */
class LegalVariationClientsEndToEndTest extends RealClientTest {
    private static final String[] TOOLS = {"certbot", "lego", "curl"};
    private static final VariationSettings ALL_PER_REQUEST = VariationSettings.all(VariationSettings.Scope.REQUEST);

    @Override
    String[] tools() {
        return TOOLS;
    }

    /** The first seed whose fixed choices are the least like Cairn's usual ones. */
    static long seed() {
        for (long seed = 1; ; seed++) {
            Variations v = Variations.choose(ALL_PER_REQUEST, seed, CounterNonceService.NONCE_LENGTH);
            if (!v.paths().nested()
                    && !v.paths().prefix().isEmpty()
                    && !v.nonce().prefix().isEmpty()) {
                return seed;
            }
        }
    }

    @Override
    CairnUnderTest startCairn() throws Exception {
        long seed = seed();
        return CairnUnderTest.start(
                b -> b.testing(Knobs.off().seed(seed).build()).variation(ALL_PER_REQUEST));
    }

    @Test
    void legoIssuesRenewsAndRevokesOverHttp01() throws Exception {
        Path dir = cairn.newClientDir("vary-lego");
        Path bundle = dir.resolve("certificates/vary-lego.test.crt");
        X509Certificate root = cairn.issuingRoot();
        lego(dir, "run");
        X509Certificate issued = IssuedChain.assertValid(bundle, root, Set.of("vary-lego.test"));
        lego(dir, "renew", "--days", "90", "--no-random-sleep");
        X509Certificate renewed = IssuedChain.assertValid(bundle, root, Set.of("vary-lego.test"));
        assertThat(renewed.getSerialNumber()).isNotEqualTo(issued.getSerialNumber());
        lego(dir, "revoke", "--keep");
        assertThat(cairn.certificateStatus(renewed.getSerialNumber()).status()).isEqualTo("Revoked");
    }

    @Test
    void certbotIssuesOverHttp01() throws Exception {
        Path dir = cairn.newClientDir("vary-certbot");
        Path fullchain = certbotStandalone(dir, "vary-certbot.test", "vary-certbot-2.test");
        IssuedChain.assertValid(fullchain, cairn.issuingRoot(), Set.of("vary-certbot.test", "vary-certbot-2.test"));
    }

    private void lego(Path dir, String... commandAndOptions) {
        List<String> command = new java.util.ArrayList<>(List.of(
                "lego",
                "--server",
                cairn.directoryUrl().toString(),
                "--path",
                dir.toString(),
                "--accept-tos",
                "--email",
                "e2e@example.com",
                "--http",
                "--http.port",
                "127.0.0.1:" + cairn.http01Port(),
                "-d",
                "vary-lego.test"));
        command.addAll(List.of(commandAndOptions));
        ProcessRunner.runSuccessfully(
                command,
                Map.of("LEGO_CA_CERTIFICATES", cairn.trustAnchorPath().toString()),
                dir.resolve("process-output"));
    }
}
