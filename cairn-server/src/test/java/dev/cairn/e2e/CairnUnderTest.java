package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.conformance.ConformanceReport;
import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One Cairn instance in this JVM (in-memory storage, ephemeral listener ports) wired to a
 * {@link ChallTestSrv} (Cairn's own by default) for DNS, plus the two loopback ports the clients answer http-01 and
 * tls-alpn-01 on. Cairn's validators connect to those same ports, so no privileged port is needed.
 *
 * <p>Everything this starts lives under one temporary directory that {@link #close()} removes.
 */
final class CairnUnderTest implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir;
    private final ChallTestSrv dns;
    private final CairnServer server;
    private final int http01Port;
    private final int tlsAlpn01Port;
    private final HttpClient managementClient;

    private CairnUnderTest(Path workDir, ChallTestSrv dns, CairnServer server, int http01Port, int tlsAlpn01Port) {
        this.workDir = workDir;
        this.dns = dns;
        this.server = server;
        this.http01Port = http01Port;
        this.tlsAlpn01Port = tlsAlpn01Port;
        this.managementClient = HttpClient.newBuilder()
                .sslContext(trusting(server.trustAnchor()))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    static CairnUnderTest start() throws Exception {
        return start(false);
    }

    /** With {@code strict}, Cairn refuses what RFC 8555 forbids but it otherwise tolerates. */
    static CairnUnderTest start(boolean strict) throws Exception {
        return start(strict, ChallTestSrv.Kind.fromProperty());
    }

    /** With the given challenge test server: Cairn's own (the default) or Debian's pebble-challtestsrv. */
    static CairnUnderTest start(boolean strict, ChallTestSrv.Kind challTestSrv) throws Exception {
        return start(challTestSrv, b -> b.strict(strict));
    }

    /** With more configuration, e.g. test-mode knobs or legal-variation mode. */
    static CairnUnderTest start(UnaryOperator<CairnConfig.Builder> customize) throws Exception {
        return start(ChallTestSrv.Kind.fromProperty(), customize);
    }

    private static CairnUnderTest start(ChallTestSrv.Kind challTestSrv, UnaryOperator<CairnConfig.Builder> customize)
            throws Exception {
        Path workDir = Files.createTempDirectory("cairn-e2e-");
        ChallTestSrv dns = null;
        try {
            dns = ChallTestSrv.start(workDir, challTestSrv);
            int http01Port = LoopbackPorts.freeTcpPort();
            int tlsAlpn01Port = LoopbackPorts.freeTcpPort();
            CairnServer server = CairnServer.start(customize
                    .apply(CairnConfig.builder()
                            .forTests()
                            .dnsResolver(dns.dnsAddress())
                            .http01Port(http01Port)
                            .tlsAlpn01Port(tlsAlpn01Port))
                    .build());
            return new CairnUnderTest(workDir, dns, server, http01Port, tlsAlpn01Port);
        } catch (Exception | Error e) {
            if (dns != null) {
                dns.close();
            }
            deleteRecursively(workDir);
            throw e;
        }
    }

    URI directoryUrl() {
        return server.directoryUrl();
    }

    /** Clears every client conformance report, so that a test sees only what its own client does. */
    void clearConformanceReports() {
        server.conformance().clearAll();
    }

    /**
     * Fails, listing each violation, when any client broke a protocol rule since the last
     * {@link #clearConformanceReports()}: an account's mistake, a request naming no account, or
     * a badNonce never retried.
     */
    void assertEveryClientConformed() {
        List<ConformanceReport> reports = server.conformance().reports();
        StringBuilder found = new StringBuilder();
        for (ConformanceReport r : reports) {
            found.append(r.client().id()).append(": ").append(r.counts());
            r.violations()
                    .forEach(v -> found.append("\n  ")
                            .append(v.rule().id())
                            .append(' ')
                            .append(v.method())
                            .append(' ')
                            .append(v.path())
                            .append(": ")
                            .append(v.detail()));
            r.awaitingRetry()
                    .forEach(a -> found.append("\n  badNonce not retried yet: ").append(a.url()));
            found.append('\n');
        }
        assertThat(reports).as("client conformance reports:\n%s", found).isEmpty();
    }

    /** PEM of the TLS root that signed Cairn's listener certificate: what clients must trust. */
    Path trustAnchorPath() {
        return server.trustAnchorPath();
    }

    ChallTestSrv dns() {
        return dns;
    }

    int http01Port() {
        return http01Port;
    }

    int tlsAlpn01Port() {
        return tlsAlpn01Port;
    }

    /** A fresh directory for one client run (its config, state and logs). */
    Path newClientDir(String name) throws IOException {
        return Files.createTempDirectory(workDir, name + "-");
    }

    /** The issuing root from the management API, fetched over HTTPS that trusts only Cairn's listener root. */
    X509Certificate issuingRoot() {
        String pem = managementGet("/roots/0");
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError("GET /roots/0 did not return a PEM certificate:\n" + pem, e);
        }
    }

    /** {@code GET /cert-status-by-serial/{serialHex}}, as JSON. */
    CertificateStatus certificateStatus(BigInteger serial) {
        String body = managementGet("/cert-status-by-serial/" + serial.toString(16));
        try {
            return CertificateStatus.from(JSON.readTree(body), body);
        } catch (IOException e) {
            throw new AssertionError("cert-status-by-serial did not return JSON:\n" + body, e);
        }
    }

    record CertificateStatus(String status, JsonNode reason, String body) {
        static CertificateStatus from(JsonNode json, String body) {
            return new CertificateStatus(text(field(json, "status")), field(json, "reason"), body);
        }

        private static JsonNode field(JsonNode json, String name) {
            // Pebble-compatible member names are capitalised ("Status"); accept either spelling.
            for (Map.Entry<String, JsonNode> entry : json.properties()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue();
                }
            }
            return null;
        }

        private static String text(JsonNode node) {
            return node == null || node.isNull() ? null : node.asText();
        }
    }

    private String managementGet(String path) {
        URI uri = URI.create(server.adminUrl().toString().replaceAll("/+$", "") + path);
        try {
            HttpResponse<String> response = managementClient.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + uri + " answered " + response.statusCode() + ":\n" + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: GET " + uri, e);
        }
    }

    private static SSLContext trusting(X509Certificate anchor) {
        try {
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("cairn-listener-root", anchor);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try {
                dns.close();
            } finally {
                deleteRecursively(workDir);
            }
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temp dir must not fail the test run
        }
    }
}
