package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Debian's lego, run as a process against Cairn on loopback. Lego trusts Cairn's listener
 * through {@code LEGO_CA_CERTIFICATES}.
 */
class LegoEndToEndTest extends RealClientTest {
    private static final String EMAIL = "e2e@example.com";

    private static final String[] TOOLS = {"lego", "curl"};

    @Override
    String[] tools() {
        return TOOLS;
    }

    @Test
    void legoIssuesRenewsAndRevokesOverHttp01() throws Exception {
        cairn.clearConformanceReports();
        Path dir = cairn.newClientDir("lego-http01");
        Set<String> names = Set.of("lego-http.test", "lego-http-2.test");
        X509Certificate root = cairn.issuingRoot();
        Path bundle = dir.resolve("certificates/lego-http.test.crt");
        List<String> http = List.of(
                "--http",
                "--http.port",
                "127.0.0.1:" + cairn.http01Port(),
                "-d",
                "lego-http.test",
                "-d",
                "lego-http-2.test");

        run(dir, Map.of(), http, "run");
        X509Certificate issued = IssuedChain.assertValid(bundle, root, names);

        // Cairn's certificates live 90 days, so --days 90 always renews.
        run(dir, Map.of(), http, "renew", "--days", "90", "--no-random-sleep");
        X509Certificate renewed = IssuedChain.assertValid(bundle, root, names);
        assertThat(renewed.getSerialNumber()).as("serial after renewal").isNotEqualTo(issued.getSerialNumber());

        run(dir, Map.of(), http, "revoke", "--keep", "--reason", "4");
        CairnUnderTest.CertificateStatus status = cairn.certificateStatus(renewed.getSerialNumber());
        assertThat(status.status())
                .as("status of the revoked certificate: %s", status.body())
                .isEqualTo("Revoked");
        assertThat(status.reason())
                .as("reason of the revoked certificate: %s", status.body())
                .isNotNull();
        assertThat(status.reason().asInt())
                .as("RFC 5280 superseded: %s", status.body())
                .isEqualTo(4);
        cairn.assertEveryClientConformed();
    }

    @Test
    void legoIssuesOverTlsAlpn01() throws Exception {
        cairn.clearConformanceReports();
        Path dir = cairn.newClientDir("lego-tlsalpn01");

        run(
                dir,
                Map.of(),
                List.of("--tls", "--tls.port", "127.0.0.1:" + cairn.tlsAlpn01Port(), "-d", "lego-alpn.test"),
                "run");

        IssuedChain.assertValid(
                dir.resolve("certificates/lego-alpn.test.crt"), cairn.issuingRoot(), Set.of("lego-alpn.test"));
        cairn.assertEveryClientConformed();
    }

    @Test
    void legoIssuesOverDns01WithExecProvider() throws Exception {
        cairn.clearConformanceReports();
        Path dir = cairn.newClientDir("lego-dns01");
        Path script = cairn.dns().writeLegoExecScript(dir);

        // Lego checks the TXT record itself before answering the challenge; --dns.resolvers points
        // that check at challtestsrv and --dns.disable-cp skips the authoritative-server walk.
        // The exec provider solves one name at a time and by default waits 60 s between them.
        Map<String, String> env = Map.of(
                "EXEC_PATH",
                script.toString(),
                "EXEC_POLLING_INTERVAL",
                "1",
                "EXEC_PROPAGATION_TIMEOUT",
                "30",
                "EXEC_SEQUENCE_INTERVAL",
                "1");
        run(
                dir,
                env,
                List.of(
                        "--dns",
                        "exec",
                        "--dns.resolvers",
                        "127.0.0.1:" + cairn.dns().dnsPort(),
                        "--dns.disable-cp",
                        "-d",
                        "lego-dns.test",
                        "-d",
                        "*.lego-dns.test"),
                "run");

        IssuedChain.assertValid(
                dir.resolve("certificates/lego-dns.test.crt"),
                cairn.issuingRoot(),
                Set.of("lego-dns.test", "*.lego-dns.test"));
        cairn.assertEveryClientConformed();
    }

    @Test
    void legoReportsConnectionProblemWhenNothingAnswersOnTheValidationPort() throws Exception {
        cairn.clearConformanceReports();
        Path dir = cairn.newClientDir("lego-unanswered");
        // Lego listens on a port Cairn does not validate against, so Cairn's connection is refused.
        int elsewhere = LoopbackPorts.freeTcpPort();

        ProcessRunner.Result result = ProcessRunner.run(
                command(
                        dir,
                        List.of("--http", "--http.port", "127.0.0.1:" + elsewhere, "-d", "lego-nobody.test"),
                        "run"),
                env(Map.of()),
                dir.resolve("process-output"),
                ProcessRunner.CLIENT_TIMEOUT);

        assertThat(result.timedOut()).as(result.describe()).isFalse();
        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.stdout() + result.stderr())
                .as(result.describe())
                .contains("urn:ietf:params:acme:error:connection");
        assertThat(dir.resolve("certificates/lego-nobody.test.crt")).doesNotExist();
        cairn.assertEveryClientConformed();
    }

    private void run(Path dir, Map<String, String> extraEnv, List<String> globalOptions, String... commandAndOptions) {
        ProcessRunner.runSuccessfully(
                command(dir, globalOptions, commandAndOptions), env(extraEnv), dir.resolve("process-output"));
    }

    private List<String> command(Path dir, List<String> globalOptions, String... commandAndOptions) {
        List<String> command = new ArrayList<>(List.of(
                "lego",
                "--server",
                cairn.directoryUrl().toString(),
                "--path",
                dir.toString(),
                "--accept-tos",
                "--email",
                EMAIL));
        command.addAll(globalOptions);
        command.addAll(List.of(commandAndOptions));
        return command;
    }

    private Map<String, String> env(Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("LEGO_CA_CERTIFICATES", cairn.trustAnchorPath().toString());
        return env;
    }
}
