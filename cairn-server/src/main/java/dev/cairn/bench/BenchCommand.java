package dev.cairn.bench;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn bench}: the ACME load generator (see docs/performance.md). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Run C concurrent ACME clients through the whole issuance flow for a fixed time and report"
                + " certificates/s, latencies, errors and (with --server-pid) the server's CPU and memory."
                + " Exit status: 0 clean, 1 errors, 2 stall.")
public final class BenchCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    @Option(names = "--directory", required = true, description = "The ACME directory URL")
    URI directory;

    @Option(
            names = "--trust",
            description =
                    "PEM file of the certificate(s) to trust for the server's TLS." + " Default: the JDK's trust store")
    Path trust;

    @Option(
            names = "--clients",
            defaultValue = "8",
            description = "Concurrent virtual clients. Default: ${DEFAULT-VALUE}")
    int clients;

    @Option(
            names = "--duration",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Timed phase, e.g. 60s, 2m. Default: ${DEFAULT-VALUE}")
    Duration duration;

    @Option(
            names = "--warmup",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description = "Untimed load first, with its own accounts, so that both JVMs' JITs are warm."
                    + " Default: ${DEFAULT-VALUE}")
    Duration warmup;

    @Option(
            names = "--min-poll",
            defaultValue = "50ms",
            converter = DurationConverter.class,
            description = "Shortest wait between polls. Default: ${DEFAULT-VALUE}")
    Duration minPoll;

    @Option(
            names = "--max-poll",
            converter = DurationConverter.class,
            description = "Longest wait between polls, even when Retry-After asks for more. Default: none"
                    + " (Retry-After is honoured in full)")
    Duration maxPoll;

    @Option(
            names = "--request-timeout",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Per request. Default: ${DEFAULT-VALUE}")
    Duration requestTimeout;

    @Option(
            names = "--stall-after",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "No certificate for this long while clients run is a stall; the run stops."
                    + " Default: ${DEFAULT-VALUE}")
    Duration stallAfter;

    @Option(names = "--server-pid", description = "Read this process's CPU time and RSS from /proc")
    Long serverPid;

    @Option(names = "--json", description = "Also write the results as JSON to this file")
    Path jsonFile;

    @Override
    public Integer call() throws Exception {
        LoadSettings settings =
                new LoadSettings(directory, clients, duration, minPoll, maxPoll, requestTimeout, stallAfter, serverPid);
        SSLContext tls = sslContext(trust);
        if (!warmup.isZero()) {
            BenchResult w = new LoadGenerator(settings.withDuration(warmup).withoutServerPid(), tls, null).run();
            System.out.printf(
                    Locale.ROOT,
                    "warm-up: %d certificates in %.1f s%s%n",
                    w.certificates(),
                    w.elapsedSeconds(),
                    w.stalled() ? " (STALL: " + w.stallDetail() + ")" : "");
            if (w.stalled()) { // the stall is the result: report it, and write it for scripts
                System.out.print(w.summary());
                if (jsonFile != null) {
                    LoadGenerator.writeJson(w, jsonFile);
                }
                return 2;
            }
        }
        BenchResult result = new LoadGenerator(settings, tls, System.out).run();
        System.out.print(result.summary());
        if (jsonFile != null) {
            LoadGenerator.writeJson(result, jsonFile);
        }
        return result.stalled() ? 2 : result.errorCount() > 0 ? 1 : 0;
    }

    static SSLContext sslContext(Path pem) throws Exception {
        if (pem == null) {
            return SSLContext.getDefault();
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("trusted-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** 250ms, 20s, 2m. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException(
                        "expected a duration such as 250ms, 20s or 2m, got '" + value + "'");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        }
    }
}
