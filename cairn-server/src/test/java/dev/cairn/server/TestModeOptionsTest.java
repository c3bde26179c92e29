package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.faults.Fault;
import dev.cairn.issuance.CaKeyAlgorithm;
import dev.cairn.validation.ValidationDelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve --test} and where its knobs come from: flag &gt; CAIRN_* environment &gt; --config file &gt; default. */
class TestModeOptionsTest {
    @TempDir
    Path dir;

    static CairnConfig config(Map<String, String> env, String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine cli = Main.commandLine(all, env);
        CommandLine.ParseResult parsed = cli.parseArgs(all);
        Main.Serve serve = (Main.Serve) parsed.subcommand().commandSpec().userObject();
        return serve.config();
    }

    Path file(String json) throws Exception {
        Path f = dir.resolve("cairn.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void testModeIsInMemoryWithPebblesAuthzReuseAndNoWaiting() throws Exception {
        CairnConfig c = config(Map.of(), "--test");
        assertThat(c.inMemory()).isTrue();
        assertThat(c.dataDir()).isNull();
        assertThat(c.testing().authzReusePercent()).isEqualTo(50);
        assertThat(c.testing().nonceRejectPercent()).isZero();
        assertThat(c.testing().validationDelay()).isEqualTo(ValidationDelay.NONE);
    }

    @Test
    void withoutTestModeNothingIsInjectedAndAuthorizationsAreAlwaysReused() throws Exception {
        CairnConfig c = config(Map.of(), "--in-memory");
        assertThat(c.testing().active()).isFalse();
        assertThat(c.testing().authzReusePercent()).isEqualTo(100);
        assertThat(c.ca()).isEqualTo(CairnConfig.Ca.defaults());
        assertThat(c.timings()).isEqualTo(CairnConfig.Timings.defaults());
    }

    @Test
    void everyKnobIsAFlag() throws Exception {
        CairnConfig c = config(
                Map.of(),
                "--test",
                "--nonce-reject",
                "5",
                "--validation-delay",
                "100-900",
                "--always-valid",
                "--authz-reuse",
                "0",
                "--flaky-validation",
                "10",
                "--slow-finalize",
                "3",
                "--fault",
                "newOrder:503:50",
                "--fault",
                "*:500:1",
                "--block-domain",
                "blocked.example",
                "--block-domain",
                "evil.test",
                "--seed",
                "99",
                "--alternate-roots",
                "2",
                "--chain-length",
                "2",
                "--ca-key",
                "rsa-3072",
                "--cert-lifetime",
                "6d",
                "--order-lifetime",
                "3h",
                "--authz-lifetime",
                "2h",
                "--valid-authz-lifetime",
                "1d",
                "--retry-after",
                "7",
                "--orders-per-page",
                "3");
        CairnConfig.Testing t = c.testing();
        assertThat(t)
                .isEqualTo(new CairnConfig.Testing(
                        5,
                        new ValidationDelay(100, 900),
                        true,
                        0,
                        10,
                        3,
                        List.of(Fault.parse("newOrder:503:50"), Fault.parse("*:500:1")),
                        List.of("blocked.example", "evil.test"),
                        99));
        assertThat(c.ca()).isEqualTo(new CairnConfig.Ca(CaKeyAlgorithm.RSA_3072, 2, 2));
        assertThat(c.timings().certificateLifetime()).isEqualTo(Duration.ofDays(6));
        assertThat(c.timings().orderLifetime()).isEqualTo(Duration.ofHours(3));
        assertThat(c.timings().pendingAuthorizationLifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(c.timings().validAuthorizationLifetime()).isEqualTo(Duration.ofDays(1));
        assertThat(c.timings().retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.timings().ordersPerPage()).isEqualTo(3);
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path f = file("{\"nonceReject\": 1, \"authzReuse\": 2, \"retryAfter\": 3, \"caKey\": \"ecdsa-p384\","
                + " \"fault\": [\"cert:429:10\"], \"blockDomain\": \"file.test\", \"alwaysValid\": true}");
        CairnConfig c = config(
                Map.of("CAIRN_NONCE_REJECT", "20", "CAIRN_AUTHZ_REUSE", "30", "CAIRN_FAULT", "order:500:5,authz:503:6"),
                "--test",
                "--config",
                f.toString(),
                "--nonce-reject",
                "40");
        assertThat(c.testing().nonceRejectPercent()).as("flag").isEqualTo(40);
        assertThat(c.testing().authzReusePercent()).as("env").isEqualTo(30);
        assertThat(c.testing().faults())
                .as("env list")
                .containsExactly(Fault.parse("order:500:5"), Fault.parse("authz:503:6"));
        assertThat(c.timings().retryAfter()).as("file").isEqualTo(Duration.ofSeconds(3));
        assertThat(c.ca().keyAlgorithm()).as("file").isEqualTo(CaKeyAlgorithm.ECDSA_P384);
        assertThat(c.testing().blockedDomains()).as("file").containsExactly("file.test");
        assertThat(c.testing().alwaysValid()).as("file boolean").isTrue();
        assertThat(c.timings().ordersPerPage()).as("default").isEqualTo(100);
    }

    @Test
    void theConfigFileCanBeNamedInTheEnvironment() throws Exception {
        Path f = file("{\"test\": true, \"slowFinalize\": 4}");
        CairnConfig c = config(Map.of("CAIRN_CONFIG", f.toString()));
        assertThat(c.inMemory()).isTrue();
        assertThat(c.testing().slowFinalizePolls()).isEqualTo(4);
    }

    @Test
    void pebbleNamesForTheCaKeyAreAccepted() {
        assertThat(Main.Serve.caKeyAlgorithm("ecdsa")).isEqualTo(CaKeyAlgorithm.ECDSA_P256);
        assertThat(Main.Serve.caKeyAlgorithm("rsa")).isEqualTo(CaKeyAlgorithm.RSA_2048);
    }

    @Test
    void badValuesStopStartUpNamingTheProblem() {
        assertThatThrownBy(() -> config(Map.of(), "--test", "--nonce-reject", "101"))
                .hasMessageContaining("--nonce-reject");
        assertThatThrownBy(() -> config(Map.of(), "--test", "--fault", "nowhere:503:5"))
                .hasMessageContaining("nowhere");
        assertThatThrownBy(() -> config(Map.of(), "--test", "--fault", "order:404:5"))
                .hasMessageContaining("503, 429");
        assertThatThrownBy(() -> config(Map.of(), "--test", "--validation-delay", "soon"))
                .hasMessageContaining("MIN-MAX");
        assertThatThrownBy(() -> config(Map.of(), "--test", "--ca-key", "dsa")).hasMessageContaining("--ca-key");
        assertThatThrownBy(() -> config(Map.of(), "--data-dir", "x", "--chain-length", "2"))
                .hasMessageContaining("--chain-length");
        assertThatThrownBy(() -> config(Map.of(), "--test", "--chain-length", "0"))
                .hasMessageContaining("chainLength");
        assertThatThrownBy(() -> config(Map.of(), "--test", "--alternate-roots", "99"))
                .hasMessageContaining("alternateRoots");
    }
}
