package dev.cairn.server;

import dev.cairn.bench.BenchCommand;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn} command line. */
@Command(name = "cairn", mixinStandardHelpOptions = true, version = "Cairn 0.1",
        description = "An ACME v2 (RFC 8555) certificate authority.",
        subcommands = {Main.Serve.class, Backup.class, ChallTestSrvCommand.class, BenchCommand.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.registerConverter(InetSocketAddress.class, Main::hostPort);
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** Durations as 7d, 12h, 30m, 45s or ISO-8601 (P7D). */
    public static final class Durations implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            String t = text.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                if (t.startsWith("p")) {
                    return Duration.parse(text.trim().toUpperCase(java.util.Locale.ROOT));
                }
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 'd' -> Duration.ofDays(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 's' -> Duration.ofSeconds(n);
                    default -> throw new NumberFormatException();
                };
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("expected a duration such as 7d, 12h, 30m or 45s but got '"
                        + text + "'");
            }
        }
    }

    /** Parses HOST:PORT, [V6]:PORT, or :PORT for the wildcard address. */
    static InetSocketAddress hostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new CommandLine.TypeConversionException("expected HOST:PORT but got '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("port in '" + text + "' is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.TypeConversionException("port in '" + text + "' is out of range");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : InetSocketAddress.createUnresolved(host, port);
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the ACME server until SIGTERM.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--listen", defaultValue = "127.0.0.1:14000", description = "ACME API (HTTPS). Default: ${DEFAULT-VALUE}")
        InetSocketAddress listen;

        @Option(names = "--admin-listen", defaultValue = "127.0.0.1:15000",
                description = "Management API (HTTPS). Default: ${DEFAULT-VALUE}")
        InetSocketAddress adminListen;

        @Option(names = "--tls-cert", description = "PEM certificate chain for both listeners")
        Path tlsCert;

        @Option(names = "--tls-key", description = "PEM private key for --tls-cert")
        Path tlsKey;

        @Option(names = "--dns-resolver", description = "DNS server HOST:PORT for every validation lookup. Default: the system's")
        InetSocketAddress dnsResolver;

        @Option(names = "--http01-port", defaultValue = "80", description = "Port http-01 validation connects to. Default: ${DEFAULT-VALUE}")
        int http01Port;

        @Option(names = "--tlsalpn01-port", defaultValue = "443",
                description = "Port tls-alpn-01 validation connects to. Default: ${DEFAULT-VALUE}")
        int tlsAlpn01Port;

        @Option(names = "--strict", description = "Refuse what RFC 8555 forbids but Cairn otherwise tolerates (see README)")
        boolean strict;

        @Option(names = "--always-valid",
                description = "Testing only: every challenge is valid without any network check (like Pebble's"
                        + " PEBBLE_VA_ALWAYS_VALID)")
        boolean alwaysValid;

        @Option(names = "--in-memory", description = "Keep all state in memory (lost on exit)")
        boolean inMemory;

        @Option(names = "--data-dir",
                description = "Directory for the CA keys and persisted state. Default: ./cairn-data, or none with --in-memory")
        Path dataDir;

        @Option(names = "--public-url", description = "Public base URL clients use (default: https://LISTEN-HOST:PORT)")
        URI publicUrl;

        @Option(names = "--database", description = "Shared PostgreSQL database, jdbc:postgresql://HOST:PORT/DB"
                + " (default: SQLite under --data-dir)")
        String database;

        @Option(names = "--database-user", description = "PostgreSQL user (or env CAIRN_DATABASE_USER)")
        String databaseUser;

        @Option(names = "--database-password-file", description = "File holding the PostgreSQL password"
                + " (or env CAIRN_DATABASE_PASSWORD); never logged")
        Path databasePasswordFile;

        @Option(names = "--eab-required", description = "Require an external account binding on newAccount"
                + " (RFC 8555 §7.3.4); the directory says meta.externalAccountRequired: true")
        boolean eabRequired;

        @Option(names = "--eab-keys", description = "File of EAB keys, one 'keyId base64urlKey' per line, '#' comments;"
                + " must not be world-readable. More keys can be added with POST /eab-keys on the management API")
        Path eabKeys;

        @Option(names = "--eab-single-use", description = "An EAB key id binds one account only; reuse is refused")
        boolean eabSingleUse;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--retention", defaultValue = "7d", converter = Durations.class,
                description = "Delete orders and authorizations this long after they expired (e.g. 7d, 12h)."
                        + " Certificates and revocations are kept. Default: ${DEFAULT-VALUE}")
        Duration retention;

        @Override
        public Integer call() throws Exception {
            Path dir = dataDir != null ? dataDir : inMemory ? null : Path.of("cairn-data");
            CairnConfig config = CairnConfig.builder()
                    .listen(resolved(listen))
                    .adminListen(resolved(adminListen))
                    .tls(tlsCert, tlsKey)
                    .dnsResolver(dnsResolver == null ? null : resolved(dnsResolver))
                    .http01Port(http01Port)
                    .tlsAlpn01Port(tlsAlpn01Port)
                    .strict(strict)
                    .alwaysValid(alwaysValid)
                    .inMemory(inMemory)
                    .dataDir(dir)
                    .publicBaseUrl(publicUrl)
                    .database(database())
                    .retention(new CairnConfig.Retention(retention, CairnConfig.Retention.defaults().interval()))
                    .meta(CairnConfig.Meta.defaults().withExternalAccountRequired(eabRequired))
                    .eab(new CairnConfig.Eab(eabSingleUse, eabKeys()))
                    .build();
            CairnServer server = CairnServer.start(config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("Cairn stopping");
                server.close();
                stopped.countDown();
            }, "cairn-shutdown"));
            long startedMs = ProcessHandle.current().info().startInstant()
                    .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toMillis()).orElse(-1L);
            System.out.println("Cairn ACME directory: " + server.directoryUrl());
            System.out.println("Cairn management API: " + server.adminUrl());
            System.out.println("TLS trust anchor (PEM) for both listeners: " + server.trustAnchorPath().toAbsolutePath());
            System.out.println("State: " + server.storageDescription() + "; CA keys "
                    + (dir == null ? "in memory (a new CA each start)" : "in " + dir.toAbsolutePath()));
            if (startedMs >= 0) {
                System.out.println("Ready " + startedMs + " ms after launch");
            }
            if (eabRequired || eabKeys != null) {
                System.out.println("External account binding: " + (eabRequired ? "required" : "optional") + ", "
                        + config.eab().keys().size() + " key id(s) from " + (eabKeys == null ? "no file" : eabKeys)
                        + (eabSingleUse ? ", single use" : "") + "; add keys with POST /eab-keys on the management API");
            }
            stopped.await();
            return 0;
        }

        /** A bad key file stops start-up with a one-line message naming the file and line. */
        private java.util.Map<String, String> eabKeys() {
            if (eabKeys == null) {
                return java.util.Map.of();
            }
            try {
                return dev.cairn.policy.EabKeys.readFile(eabKeys);
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--eab-keys: " + e.getMessage(), e);
            }
        }

        private CairnConfig.Database database() throws java.io.IOException {
            if (database == null) {
                return null;
            }
            String user = databaseUser != null ? databaseUser : System.getenv("CAIRN_DATABASE_USER");
            String password = databasePasswordFile != null
                    ? java.nio.file.Files.readString(databasePasswordFile).strip()
                    : System.getenv("CAIRN_DATABASE_PASSWORD");
            return new CairnConfig.Database(database, user, password);
        }

        private static InetSocketAddress resolved(InetSocketAddress a) {
            return a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a;
        }
    }
}
