package dev.cairn.e2e;

import dev.cairn.challtestsrv.ChallTestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The challenge test server as the mock DNS server that both Cairn and the clients use: Debian's
 * {@code pebble-challtestsrv} as a process ({@link Kind#PEBBLE}) or Cairn's own in-process
 * ({@link Kind#CAIRN}, {@code cairn challtestsrv}); the hook scripts drive either through the same
 * management API. The system property {@code cairn.e2e.challtestsrv} ({@code cairn} or
 * {@code pebble}) picks the default.
 *
 * <p>Only its DNS server and management API are enabled: every A query answers 127.0.0.1, AAAA
 * queries get no answer (so validation never tries ::1), and TXT records for dns-01 are set and
 * cleared through the management API by the hook scripts this class writes. Its http-01,
 * https-01 and tls-alpn-01 responders stay off: the ACME clients answer those challenges
 * themselves.
 */
final class ChallTestSrv implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    enum Kind {
        CAIRN,
        PEBBLE;

        static Kind fromProperty() {
            String v = System.getProperty("cairn.e2e.challtestsrv", "cairn");
            return Kind.valueOf(v.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private final Process process;
    private final ChallTestServer inProcess;
    private final int dnsPort;
    private final int managementPort;
    private final Path logFile;

    private ChallTestSrv(Process process, ChallTestServer inProcess, int dnsPort, int managementPort, Path logFile) {
        this.process = process;
        this.inProcess = inProcess;
        this.dnsPort = dnsPort;
        this.managementPort = managementPort;
        this.logFile = logFile;
    }

    static ChallTestSrv start(Path workDir) throws Exception {
        return start(workDir, Kind.fromProperty());
    }

    static ChallTestSrv start(Path workDir, Kind kind) throws Exception {
        if (kind == Kind.PEBBLE) {
            return startPebble(workDir);
        }
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        ChallTestServer server =
                ChallTestServer.start(new ChallTestServer.Config(loopback, null, null, loopback, "127.0.0.1", ""));
        return new ChallTestSrv(null, server, server.dnsPort(), server.managementPort(), null);
    }

    private static ChallTestSrv startPebble(Path workDir) throws IOException, InterruptedException {
        int dnsPort = LoopbackPorts.freeTcpAndUdpPort();
        int managementPort = LoopbackPorts.freeTcpPort();
        Path logFile = workDir.resolve("challtestsrv.log");
        List<String> command = List.of(
                "pebble-challtestsrv",
                "-dns01",
                "127.0.0.1:" + dnsPort,
                "-defaultIPv4",
                "127.0.0.1",
                "-defaultIPv6",
                "",
                "-http01",
                "",
                "-https01",
                "",
                "-tlsalpn01",
                "",
                "-management",
                "127.0.0.1:" + managementPort);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        ChallTestSrv server = new ChallTestSrv(process, null, dnsPort, managementPort, logFile);
        try {
            server.awaitReady();
        } catch (RuntimeException | IOException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    InetSocketAddress dnsAddress() {
        return new InetSocketAddress("127.0.0.1", dnsPort);
    }

    int dnsPort() {
        return dnsPort;
    }

    URI managementUrl() {
        return URI.create("http://127.0.0.1:" + managementPort);
    }

    String log() {
        if (logFile == null) {
            return "(cairn challtestsrv in-process: its log is the test's)";
        }
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Certbot {@code --manual-auth-hook}: publishes {@code CERTBOT_VALIDATION} for {@code CERTBOT_DOMAIN}. */
    Path writeCertbotAuthHook(Path dir) throws IOException {
        return writeScript(dir.resolve("certbot-auth-hook.sh"), """
                #!/bin/sh
                set -eu
                curl -sS -f -X POST -d "{\\"host\\":\\"_acme-challenge.${CERTBOT_DOMAIN}.\\",\\"value\\":\\"${CERTBOT_VALIDATION}\\"}" \
                    %s/set-txt
                """.formatted(managementUrl()));
    }

    /** Certbot {@code --manual-cleanup-hook}: removes every TXT record of the challenge name. */
    Path writeCertbotCleanupHook(Path dir) throws IOException {
        return writeScript(dir.resolve("certbot-cleanup-hook.sh"), """
                #!/bin/sh
                set -eu
                curl -sS -f -X POST -d "{\\"host\\":\\"_acme-challenge.${CERTBOT_DOMAIN}.\\"}" %s/clear-txt
                """.formatted(managementUrl()));
    }

    /**
     * Lego's {@code exec} DNS provider program: called as {@code present <fqdn> <value>} and
     * {@code cleanup <fqdn> <value>}, with the fqdn already ending in a dot.
     */
    Path writeLegoExecScript(Path dir) throws IOException {
        return writeScript(dir.resolve("lego-exec-dns.sh"), """
                #!/bin/sh
                set -eu
                case "$1" in
                  present) curl -sS -f -X POST -d "{\\"host\\":\\"$2\\",\\"value\\":\\"$3\\"}" %1$s/set-txt ;;
                  cleanup) curl -sS -f -X POST -d "{\\"host\\":\\"$2\\"}" %1$s/clear-txt ;;
                  *) ;;
                esac
                """.formatted(managementUrl()));
    }

    private static Path writeScript(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    /** Ready when the management port accepts connections and the DNS server answers an A query. */
    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "pebble-challtestsrv exited with " + process.exitValue() + "\n" + log());
            }
            if (managementAccepts() && dnsAnswers()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("pebble-challtestsrv not ready after " + START_TIMEOUT + "\n" + log());
            }
            Thread.sleep(100);
        }
    }

    private boolean managementAccepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), managementPort), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean dnsAnswers() {
        try {
            SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
            resolver.setPort(dnsPort);
            resolver.setTimeout(Duration.ofMillis(500));
            Message query = Message.newQuery(Record.newRecord(Name.fromString("ready.test."), Type.A, DClass.IN));
            Message response = resolver.send(query);
            return response.getRcode() == Rcode.NOERROR;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            ProcessRunner.kill(process);
        }
        if (inProcess != null) {
            inProcess.close();
        }
    }
}
