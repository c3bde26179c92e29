package dev.cairn.server;

import dev.cairn.challtestsrv.ChallTestServer;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn challtestsrv}: the challenge test server, with {@code pebble-challtestsrv}'s flags
 * (one dash, as Go writes them; two dashes work too) and defaults, so that it can stand in for it.
 */
@Command(
        name = "challtestsrv",
        mixinStandardHelpOptions = true,
        description = {
            "Run a mock DNS server, http-01 (HTTP and HTTPS) and tls-alpn-01 responders and a management API",
            "compatible with pebble-challtestsrv, until SIGTERM. FOR TESTS ONLY: nothing is authenticated.",
            "An empty address (\"\") turns that server off."
        })
final class ChallTestSrvCommand implements Callable<Integer> {
    @Option(
            names = {"-dns01", "--dns01"},
            defaultValue = ":8053",
            paramLabel = "HOST:PORT",
            description = "Mock DNS (UDP and TCP). Default: ${DEFAULT-VALUE}")
    String dns01;

    @Option(
            names = {"-http01", "--http01"},
            defaultValue = ":5002",
            paramLabel = "HOST:PORT",
            description = "http-01 responder. Default: ${DEFAULT-VALUE}")
    String http01;

    @Option(
            names = {"-tlsalpn01", "--tlsalpn01"},
            defaultValue = ":5001",
            paramLabel = "HOST:PORT",
            description = "tls-alpn-01 responder. Default: ${DEFAULT-VALUE}")
    String tlsAlpn01;

    @Option(
            names = {"-https01", "--https01"},
            defaultValue = ":5003",
            paramLabel = "HOST:PORT",
            description = "HTTPS http-01 responder (same tokens; the target of redirects to https; self-signed"
                    + " certificate). Default: ${DEFAULT-VALUE}")
    String https01;

    @Option(
            names = {"-management", "--management"},
            defaultValue = ":8055",
            paramLabel = "HOST:PORT",
            description = "Management API (plain HTTP). Default: ${DEFAULT-VALUE}")
    String management;

    @Option(
            names = {"-defaultIPv4", "--defaultIPv4"},
            defaultValue = "127.0.0.1",
            paramLabel = "IP",
            description = "Answer to A queries without a record; \"\" for none. Default: ${DEFAULT-VALUE}")
    String defaultIpv4;

    @Option(
            names = {"-defaultIPv6", "--defaultIPv6"},
            defaultValue = "::1",
            paramLabel = "IP",
            description = "Answer to AAAA queries without a record; \"\" for none. Default: ${DEFAULT-VALUE}")
    String defaultIpv6;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ChallTestServer.Config config = config();
        ChallTestServer server = ChallTestServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("challtestsrv stopping");
                            server.close();
                            stopped.countDown();
                        },
                        "cairn-challtestsrv-shutdown"));
        print("DNS (UDP and TCP)", config.dns(), server.dns() == null ? 0 : server.dnsPort());
        print("http-01", config.http01(), config.http01() == null ? 0 : server.http01Port());
        print("https-01 (HTTPS http-01)", config.https01(), config.https01() == null ? 0 : server.https01Port());
        print("tls-alpn-01", config.tlsAlpn01(), server.tlsAlpn01() == null ? 0 : server.tlsAlpn01Port());
        print("management API", config.management(), server.managementPort());
        if (server.dns() != null) {
            System.out.println(
                    "default A answer: " + show(defaultIpv4) + ", default AAAA answer: " + show(defaultIpv6));
        }
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** What the flags ask for; a bad address or an empty -management stops with a usage error. */
    ChallTestServer.Config config() {
        ChallTestServer.Config config = new ChallTestServer.Config(
                bind(dns01, "-dns01"),
                bind(http01, "-http01"),
                bind(tlsAlpn01, "-tlsalpn01"),
                bind(management, "-management"),
                defaultIpv4,
                defaultIpv6,
                bind(https01, "-https01"));
        if (config.management() == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-management must not be empty");
        }
        return config;
    }

    private InetSocketAddress bind(String text, String flag) {
        String t = text.trim();
        if (t.isEmpty()) {
            return null;
        }
        if (t.contains(",")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    flag + ": cairn challtestsrv listens on one address per server, not a list: " + t);
        }
        InetSocketAddress a = Main.hostPort(t);
        return a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a;
    }

    private static void print(String what, InetSocketAddress configured, int port) {
        if (configured == null) {
            System.out.println("challtestsrv " + what + ": off");
            return;
        }
        String host = configured.getAddress() == null
                ? configured.getHostString()
                : configured.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        System.out.println("challtestsrv " + what + " listening on " + host + ":" + port);
    }

    private static String show(String ip) {
        return ip.isBlank() ? "none" : ip;
    }
}
