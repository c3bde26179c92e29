package dev.cairn.server;

import dev.cairn.bench.BenchCommand;
import dev.cairn.faults.Fault;
import dev.cairn.issuance.CaKeyAlgorithm;
import dev.cairn.issuance.KeyUsages;
import dev.cairn.issuance.Profile;
import dev.cairn.issuance.Profiles;
import dev.cairn.validation.ValidationDelay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn} command line. */
@Command(
        name = "cairn",
        mixinStandardHelpOptions = true,
        version = "Cairn 0.1",
        description = "An ACME v2 (RFC 8555) certificate authority.",
        subcommands = {Main.Serve.class, Backup.class, ChallTestSrvCommand.class, BenchCommand.class, SeedCommand.class
        })
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        if (args.length == 0 || "serve".equals(args[0])) {
            // Native crypto takes about half a second of CPU to load: on another core, meanwhile.
            dev.cairn.crypto.CryptoBackend.preload();
        }
        CommandLine cli;
        try {
            cli = commandLine(args, System.getenv());
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(cli.execute(args));
    }

    /** The command line with its converters, reading unset serve options from {@code env} and the config file. */
    static CommandLine commandLine(String[] args, java.util.Map<String, String> env) {
        CommandLine cli = new CommandLine(new Main());
        cli.registerConverter(InetSocketAddress.class, Main::hostPort);
        cli.setDefaultValueProvider(ConfigSources.of(args, env));
        return cli;
    }

    /**
     * The configuration {@code cairn serve ARGS} would run with, for embedding Cairn in another JVM
     * (cairn-junit). {@code CAIRN_*} environment variables are ignored so that tests stay hermetic; a
     * {@code --config} file is read. A bad option is an {@link IllegalArgumentException} naming it.
     */
    public static CairnConfig serveConfig(List<String> args) {
        String[] full = Stream.concat(Stream.of("serve"), args.stream()).toArray(String[]::new);
        try {
            CommandLine.ParseResult parsed = commandLine(full, Map.of()).parseArgs(full);
            return ((Serve) parsed.subcommand().commandSpec().userObject()).config();
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
                throw new CommandLine.TypeConversionException(
                        "expected a duration such as 7d, 12h, 30m or 45s but got '" + text + "'");
            }
        }
    }

    /** Parses NAME:LIFETIME[:nocn][:ip][:ku=A+B][:eku=A+B] (README "Profiles"). */
    static Profile profile(String spec) {
        String[] parts = spec.trim().split(":");
        if (parts.length < 2) {
            throw new IllegalArgumentException(
                    "--profile '" + spec + "' must be NAME:LIFETIME[:nocn][:ip][:ku=..][:eku=..],"
                            + " such as shortlived:160h:nocn:ip or mtls:30d:eku=serverAuth+clientAuth");
        }
        Duration lifetime = new Durations().convert(parts[1]);
        boolean cn = true;
        boolean ip = false;
        KeyUsages defaults = Profiles.defaultUsages(parts[0]);
        java.util.Set<KeyUsages.Usage> ku = null;
        List<KeyUsages.Purpose> eku = null;
        try {
            for (int i = 2; i < parts.length; i++) {
                String flag = parts[i].trim();
                String lower = flag.toLowerCase(java.util.Locale.ROOT);
                if (lower.equals("nocn")) {
                    cn = false;
                } else if (lower.equals("ip")) {
                    ip = true;
                } else if (lower.startsWith("ku=") && ku == null) {
                    ku = KeyUsages.parseKeyUsages(flag.substring(3));
                } else if (lower.startsWith("eku=") && eku == null) {
                    eku = KeyUsages.parseExtendedKeyUsages(flag.substring(4));
                } else {
                    throw new IllegalArgumentException("unknown or repeated flag '" + flag + "'; use nocn, ip,"
                            + " ku=digitalSignature+keyEncipherment or eku=serverAuth+clientAuth, each at most once");
                }
            }
            KeyUsages usages = new KeyUsages(
                    ku == null ? defaults.keyUsages() : ku, eku == null ? defaults.extendedKeyUsages() : eku);
            String description = "Operator profile: " + parts[1] + (cn ? ", subject CN" : ", no CN")
                    + (ip ? ", DNS names and IP addresses" : ", DNS names only") + "; " + usages.describe();
            return new Profile(parts[0], description, lifetime, cn, ip, usages);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--profile '" + spec + "': " + e.getMessage(), e);
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
        @Option(
                names = "--listen",
                defaultValue = "127.0.0.1:14000",
                description = "ACME API (HTTPS). Default: ${DEFAULT-VALUE}")
        InetSocketAddress listen;

        @Option(
                names = "--admin-listen",
                defaultValue = "127.0.0.1:15000",
                description = "Management API (HTTPS). Default: ${DEFAULT-VALUE}")
        InetSocketAddress adminListen;

        @Option(names = "--tls-cert", description = "PEM certificate chain for both listeners")
        Path tlsCert;

        @Option(names = "--tls-key", description = "PEM private key for --tls-cert")
        Path tlsKey;

        @Option(
                names = "--dns-resolver",
                description = "DNS server HOST:PORT for every validation lookup. Default: the system's")
        InetSocketAddress dnsResolver;

        @Option(
                names = "--http01-port",
                defaultValue = "80",
                description = "Port http-01 validation connects to. Default: ${DEFAULT-VALUE}")
        int http01Port;

        @Option(
                names = "--tlsalpn01-port",
                defaultValue = "443",
                description = "Port tls-alpn-01 validation connects to. Default: ${DEFAULT-VALUE}")
        int tlsAlpn01Port;

        @Option(
                names = "--strict",
                description = "Refuse what RFC 8555 forbids but Cairn otherwise tolerates (see README)")
        boolean strict;

        @Option(names = "--in-memory", description = "Keep all state in memory (lost on exit)")
        boolean inMemory;

        @Option(
                names = "--data-dir",
                description =
                        "Directory for the CA keys and persisted state. Default: ./cairn-data, or none with --in-memory")
        Path dataDir;

        @Option(names = "--public-url", description = "Public base URL clients use (default: https://LISTEN-HOST:PORT)")
        URI publicUrl;

        @Option(
                names = "--database",
                description = "Shared PostgreSQL database, jdbc:postgresql://HOST:PORT/DB"
                        + " (default: SQLite under --data-dir)")
        String database;

        @Option(names = "--database-user", description = "PostgreSQL user (or env CAIRN_DATABASE_USER)")
        String databaseUser;

        @Option(
                names = "--database-password-file",
                description =
                        "File holding the PostgreSQL password" + " (or env CAIRN_DATABASE_PASSWORD); never logged")
        Path databasePasswordFile;

        @Option(
                names = "--eab-required",
                description = "Require an external account binding on newAccount"
                        + " (RFC 8555 §7.3.4); the directory says meta.externalAccountRequired: true")
        boolean eabRequired;

        @Option(
                names = "--eab-keys",
                description =
                        "File of EAB keys, one 'keyId base64urlKey' per line, '#' comments;"
                                + " must not be world-readable. More keys can be added with POST /eab-keys on the management API")
        Path eabKeys;

        @Option(names = "--eab-single-use", description = "An EAB key id binds one account only; reuse is refused")
        boolean eabSingleUse;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--retention",
                defaultValue = "7d",
                converter = Durations.class,
                description = "Delete orders and authorizations this long after they expired (e.g. 7d, 12h)."
                        + " Certificates and revocations are kept. Default: ${DEFAULT-VALUE}")
        Duration retention;

        @Option(
                names = "--memory-certificates",
                defaultValue = "10000",
                description = "With in-memory storage (--in-memory, --test), keep this many certificates with their"
                        + " orders; older ones are forgotten (their URLs answer 404). 0 keeps all, until the heap"
                        + " is full. Default: ${DEFAULT-VALUE}")
        int memoryCertificates;

        @Option(
                names = "--test",
                description = "Test mode: in memory, no waiting, and the test knobs below" + " (README \"Test mode\")")
        boolean test;

        @Option(
                names = "--config",
                description = "JSON file of option values, named in camelCase"
                        + " (e.g. {\"nonceReject\": 5}); flags and CAIRN_* environment variables override it")
        Path config;

        @Option(
                names = "--nonce-reject",
                paramLabel = "PCT",
                description = "Refuse this share of valid nonces with"
                        + " badNonce (like PEBBLE_WFE_NONCEREJECT). Default: 0")
        int nonceReject;

        @Option(
                names = "--validation-delay",
                paramLabel = "none|MS|MIN-MAX",
                defaultValue = "none",
                description = "Wait before each validation attempt, fixed or random (milliseconds). Default: none")
        String validationDelay;

        @Option(
                names = "--always-valid",
                description = "Testing only: every challenge is valid without any network check (like Pebble's"
                        + " PEBBLE_VA_ALWAYS_VALID)")
        boolean alwaysValid;

        @Option(
                names = "--authz-reuse",
                paramLabel = "PCT",
                description = "Chance that newOrder reuses a valid"
                        + " authorization. Default: 100, or 50 with --test (like Pebble)")
        Integer authzReuse;

        @Option(
                names = "--flaky-validation",
                paramLabel = "PCT",
                description = "Fail this share of validations" + " with a connection problem. Default: 0")
        int flakyValidation;

        @Option(
                names = "--slow-finalize",
                paramLabel = "N",
                description = "A finalized order shows processing" + " for N more polls. Default: 0")
        int slowFinalize;

        @Option(
                names = "--fault",
                paramLabel = "ENDPOINT:KIND:PCT",
                split = ",",
                description = "Inject a fault:"
                        + " KIND 503, 429 or 500 into PCT%% of requests to ENDPOINT (newNonce, newAccount, newOrder, order,"
                        + " authz, challenge, finalize, cert, revokeCert, keyChange, account or *). Repeatable")
        List<String> faults = new ArrayList<>();

        @Option(
                names = "--block-domain",
                paramLabel = "NAME",
                split = ",",
                description = "Refuse NAME and every" + " name under it with rejectedIdentifier. Repeatable")
        List<String> blockedDomains = new ArrayList<>();

        @Option(names = "--seed", description = "Seed of every random choice in test mode. Default: random, printed")
        Long seed;

        @Option(
                names = "--vary",
                paramLabel = "all|none|LIST",
                description = "Legal-variation mode: randomise, from --seed, these choices RFC 8555 leaves to the"
                        + " server: paths, member-order, extra-members, nonce-shape, retry-after, sync, chains,"
                        + " authz-reuse, http-version (comma-separated). Default: none")
        String vary;

        @Option(
                names = "--vary-per",
                paramLabel = "run|request",
                description = "With --vary: draw every choice once per run, or draw member order, extra members,"
                        + " nonce length, Retry-After, sync and chains afresh per response. Default: run")
        String varyPer;

        @Option(
                names = "--alternate-roots",
                paramLabel = "N",
                description = "Extra roots offered as alternate" + " chains. Default: 1")
        Integer alternateRoots;

        @Option(
                names = "--chain-length",
                paramLabel = "N",
                description = "Intermediates between leaf and root in"
                        + " every chain (1 to 8; above 1 in memory only). Default: 1")
        Integer chainLength;

        @Option(
                names = "--ca-key",
                description = "Key type of the CA roots and intermediates: ecdsa-p256,"
                        + " ecdsa-p384, rsa-2048, rsa-3072, rsa-4096. Default: ecdsa-p256")
        String caKey;

        @Option(
                names = "--cert-lifetime",
                converter = Durations.class,
                description = "Certificate lifetime. Default: 90d")
        Duration certLifetime;

        @Option(names = "--order-lifetime", converter = Durations.class, description = "Order lifetime. Default: 24h")
        Duration orderLifetime;

        @Option(
                names = "--authz-lifetime",
                converter = Durations.class,
                description = "Lifetime of a pending authorization. Default: 24h")
        Duration authzLifetime;

        @Option(
                names = "--valid-authz-lifetime",
                converter = Durations.class,
                description = "How long a valid authorization lives (and can be reused). Default: 30d")
        Duration validAuthzLifetime;

        @Option(
                names = "--profile",
                paramLabel = "NAME:LIFETIME[:nocn][:ip][:ku=..][:eku=..]",
                split = ",",
                description = "Offer a certificate profile besides classic, tlsserver and shortlived (same name:"
                        + " replaces it), e.g. internal:30d:nocn:ip or mtls:30d:eku=serverAuth+clientAuth. Repeatable")
        List<String> profiles = new ArrayList<>();

        @Option(
                names = "--default-profile",
                paramLabel = "NAME",
                description = "Profile of orders that name none. Default: classic")
        String defaultProfile;

        @Option(
                names = "--retry-after",
                paramLabel = "SECONDS",
                description = "Retry-After on processing objects" + " and injected 503/429 faults. Default: 1")
        Integer retryAfter;

        @Option(
                names = "--orders-per-page",
                paramLabel = "N",
                description = "Page size of an account's orders list." + " Default: 100")
        Integer ordersPerPage;

        @Override
        public Integer call() throws Exception {
            CairnConfig config = config();
            // A standalone server owns its JVM: TLS and hashing go native too (docs/performance.md).
            dev.cairn.crypto.CryptoBackend.installChosenAsDefault();
            Path dir = config.dataDir();
            if (test || config.testing().active()) {
                System.out.println("Test mode: " + config.testing() + "; CA " + config.ca());
            }
            return run(config, dir);
        }

        /** The configuration these options describe; a bad value stops start-up naming the option. */
        CairnConfig config() throws java.io.IOException {
            try {
                return buildConfig();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }

        private CairnConfig buildConfig() throws java.io.IOException {
            boolean memory = inMemory || test;
            Path dir = dataDir != null ? dataDir : memory ? null : Path.of("cairn-data");
            return CairnConfig.builder()
                    .listen(resolved(listen))
                    .adminListen(resolved(adminListen))
                    .tls(tlsCert, tlsKey)
                    .dnsResolver(dnsResolver == null ? null : resolved(dnsResolver))
                    .http01Port(http01Port)
                    .tlsAlpn01Port(tlsAlpn01Port)
                    .strict(strict)
                    .inMemory(memory)
                    .dataDir(dir)
                    .publicBaseUrl(publicUrl)
                    .database(database())
                    .retention(new CairnConfig.Retention(
                            retention, CairnConfig.Retention.defaults().interval(), memoryCertificates))
                    .meta(CairnConfig.Meta.defaults().withExternalAccountRequired(eabRequired))
                    .eab(new CairnConfig.Eab(eabSingleUse, eabKeys()))
                    .timings(timings())
                    .ca(ca())
                    .testing(testing())
                    .build();
        }

        private CairnConfig.Timings timings() {
            CairnConfig.Timings d = CairnConfig.Timings.defaults();
            return new CairnConfig.Timings(
                    orderLifetime != null ? orderLifetime : d.orderLifetime(),
                    authzLifetime != null ? authzLifetime : d.pendingAuthorizationLifetime(),
                    validAuthzLifetime != null ? validAuthzLifetime : d.validAuthorizationLifetime(),
                    certLifetime != null ? certLifetime : d.certificateLifetime(),
                    d.nonceLifetime(),
                    retryAfter != null ? Duration.ofSeconds(retryAfter) : d.retryAfter(),
                    d.validationWait(),
                    d.finalizeWait(),
                    ordersPerPage != null ? ordersPerPage : d.ordersPerPage());
        }

        private CairnConfig.Ca ca() {
            CairnConfig.Ca d = CairnConfig.Ca.defaults();
            return new CairnConfig.Ca(
                    caKey == null ? d.keyAlgorithm() : caKeyAlgorithm(caKey),
                    alternateRoots == null ? d.alternateRoots() : alternateRoots,
                    chainLength == null ? d.chainLength() : chainLength,
                    profiles.stream().map(Main::profile).toList(),
                    defaultProfile);
        }

        /** Cairn's names (ecdsa-p384) and Pebble's (ecdsa = P-256, rsa = RSA-2048). */
        static CaKeyAlgorithm caKeyAlgorithm(String text) {
            String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            switch (t) {
                case "ECDSA":
                    return CaKeyAlgorithm.ECDSA_P256;
                case "RSA":
                    return CaKeyAlgorithm.RSA_2048;
                default:
                    try {
                        return CaKeyAlgorithm.valueOf(t);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(
                                "--ca-key is one of ecdsa-p256, ecdsa-p384, rsa-2048," + " rsa-3072, rsa-4096, not '"
                                        + text + "'",
                                e);
                    }
            }
        }

        private CairnConfig.Testing testing() {
            List<Fault> parsedFaults = new ArrayList<>();
            for (String f : faults) {
                if (!f.isBlank()) {
                    parsedFaults.add(Fault.parse(f));
                }
            }
            return new CairnConfig.Testing(
                    nonceReject,
                    ValidationDelay.parse(validationDelay),
                    alwaysValid,
                    authzReuse != null ? authzReuse : test ? 50 : 100,
                    flakyValidation,
                    slowFinalize,
                    parsedFaults,
                    blockedDomains.stream().filter(d -> !d.isBlank()).toList(),
                    seed != null ? seed : new java.security.SecureRandom().nextLong(),
                    dev.cairn.variation.VariationSettings.parse(vary, varyPer));
        }

        private int run(CairnConfig config, Path dir) throws Exception {
            CairnServer server;
            try {
                server = CairnServer.start(config);
            } catch (java.io.IOException e) {
                String cause = e.getCause() == null ? "" : ": " + e.getCause().getMessage();
                System.err.println("cairn serve: cannot start: " + e.getMessage() + cause);
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                System.out.println("Cairn stopping");
                                server.close();
                                stopped.countDown();
                            },
                            "cairn-shutdown"));
            long startedMs = ProcessHandle.current()
                    .info()
                    .startInstant()
                    .map(t -> java.time.Duration.between(t, java.time.Instant.now())
                            .toMillis())
                    .orElse(-1L);
            System.out.println("Cairn ACME directory: " + server.directoryUrl());
            System.out.println("Cairn management API: " + server.adminUrl());
            System.out.println("TLS trust anchor (PEM) for both listeners: "
                    + server.trustAnchorPath().toAbsolutePath());
            System.out.println("State: " + server.storageDescription() + "; CA keys "
                    + (dir == null ? "in memory (a new CA each start)" : "in " + dir.toAbsolutePath()));
            if (startedMs >= 0) {
                System.out.println("Ready " + startedMs + " ms after launch");
            }
            if (eabRequired || eabKeys != null) {
                System.out.println("External account binding: " + (eabRequired ? "required" : "optional") + ", "
                        + config.eab().keys().size() + " key id(s) from " + (eabKeys == null ? "no file" : eabKeys)
                        + (eabSingleUse ? ", single use" : "")
                        + "; add keys with POST /eab-keys on the management API");
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
