package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.issuance.ListenerCertificates;
import dev.cairn.issuance.Pem;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code cairn.jar serve} as a user runs it: it prints the directory URL and the
 * trust anchor, serves, stops cleanly on SIGTERM, and keeps its CA under {@code --data-dir}.
 */
class CairnCommandIT {

    /** A running {@code cairn serve} process and what it printed on start. */
    record Running(Process process, URI directory, URI admin, Path trustAnchor, List<String> output, Thread drain) {}

    static Running serve(String... args) throws Exception {
        return serve(java.util.Map.of(), args);
    }

    /** As {@link #serve(String...)}, with {@code env} added to the process's environment. */
    static Running serve(java.util.Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "cairn.jar").toString(),
                "serve"));
        if (!List.of(args).contains("--listen")) {
            cmd.addAll(List.of("--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"));
        }
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        URI directory = null;
        URI admin = null;
        Path anchor = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (anchor == null || directory == null || admin == null) {
            String line = out.readLine();
            if (line == null || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("cairn serve did not start: " + String.join("\n", lines));
            }
            lines.add(line);
            if (line.startsWith("Cairn ACME directory: ")) {
                directory = URI.create(
                        line.substring("Cairn ACME directory: ".length()).trim());
            } else if (line.startsWith("Cairn management API: ")) {
                admin = URI.create(
                        line.substring("Cairn management API: ".length()).trim());
            } else if (line.startsWith("TLS trust anchor (PEM) for both listeners: ")) {
                anchor = Path.of(line.substring(line.indexOf(": ") + 2).trim());
            }
        }
        Thread drain = new Thread(() -> drain(out, lines), "cairn-output");
        drain.setDaemon(true);
        drain.start();
        return new Running(p, directory, admin, anchor, lines, drain);
    }

    private static void drain(BufferedReader out, List<String> lines) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (java.io.IOException e) {
            // process ended
        }
    }

    static HttpClient trusting(Path anchorPem) throws Exception {
        X509Certificate anchor;
        try (InputStream in = Files.newInputStream(anchorPem)) {
            anchor = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("cairn", anchor);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static int stop(Running r) throws Exception {
        r.process().toHandle().destroy(); // SIGTERM, leaving our end of the pipe open to read what it says
        assertThat(r.process().waitFor(20, TimeUnit.SECONDS))
                .as("stops within 20 s of SIGTERM")
                .isTrue();
        r.drain().join(5_000);
        return r.process().exitValue();
    }

    @Test
    void serveInMemoryPrintsItsDirectoryAndTrustAnchorAndStopsOnSigterm() throws Exception {
        Running r = serve("--in-memory");
        try {
            HttpClient http = trusting(r.trustAnchor());
            HttpResponse<String> dir =
                    http.send(HttpRequest.newBuilder(r.directory()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(dir.statusCode()).isEqualTo(200);
            assertThat(dir.body()).contains("\"newOrder\":\"" + r.directory().resolve("/acme/new-order"));
        } finally {
            int code = stop(r);
            assertThat(code).as(String.join("\n", r.output())).isIn(0, 143);
        }
        synchronized (r.output()) {
            assertThat(r.output()).as("exit " + r.process().exitValue()).contains("Cairn stopping");
            assertThat(String.join("\n", r.output())).doesNotContain("Exception");
        }
    }

    @Test
    void dataDirKeepsTheSameCaAndListenerRootAcrossRestarts(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Running first = serve("--data-dir", data.toString());
        String root;
        String anchor = Files.readString(first.trustAnchor());
        try {
            root = trusting(first.trustAnchor())
                    .send(
                            HttpRequest.newBuilder(first.admin().resolve("/roots/0"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(root).startsWith("-----BEGIN CERTIFICATE-----");
        } finally {
            stop(first);
        }
        Running second = serve("--data-dir", data.toString());
        try {
            String rootAgain = trusting(second.trustAnchor())
                    .send(
                            HttpRequest.newBuilder(second.admin().resolve("/roots/0"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(rootAgain).isEqualTo(root);
            assertThat(Files.readString(second.trustAnchor())).isEqualTo(anchor);
        } finally {
            stop(second);
        }
        try (var keys = Files.walk(data)) {
            for (Path key : keys.filter(p -> p.getFileName().toString().endsWith(".key.pem"))
                    .toList()) {
                assertThat(Files.getPosixFilePermissions(key))
                        .as(key.toString())
                        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            }
        }
    }

    @Test
    void tlsCertAndKeyFromPemFilesServeTheListeners(@TempDir Path dir) throws Exception {
        ListenerCertificates own =
                ListenerCertificates.selfIssued(null, List.of("127.0.0.1"), Clock.systemUTC(), new SecureRandom());
        KeyStore ks = own.keyStore();
        PrivateKey key = (PrivateKey) ks.getKey(ListenerCertificates.ALIAS, own.keyStorePassword());
        List<X509Certificate> chain = new ArrayList<>();
        for (java.security.cert.Certificate c : ks.getCertificateChain(ListenerCertificates.ALIAS)) {
            chain.add((X509Certificate) c);
        }
        Path certFile = dir.resolve("chain.pem");
        Path keyFile = dir.resolve("key.pem");
        Files.writeString(certFile, Pem.encode(chain));
        Files.writeString(keyFile, Pem.encode(key));
        Running r = serve("--in-memory", "--tls-cert", certFile.toString(), "--tls-key", keyFile.toString());
        try {
            HttpResponse<String> dirResponse = trusting(r.trustAnchor())
                    .send(HttpRequest.newBuilder(r.directory()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(dirResponse.statusCode()).isEqualTo(200);
            X509Certificate served =
                    (X509Certificate) dirResponse.sslSession().orElseThrow().getPeerCertificates()[0];
            assertThat(served).isEqualTo(chain.get(0));
        } finally {
            stop(r);
        }
    }

    @Test
    void backupOfARunningInstanceStartsAsTheSameCa(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path backup = dir.resolve("backup");
        int port = CrashRecoveryIT.freePort();
        int adminPort = CrashRecoveryIT.freePort();
        java.security.KeyPair key = CrashRecoveryIT.ecKey();
        Running live = serve(
                "--data-dir",
                data.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--admin-listen",
                "127.0.0.1:" + adminPort);
        java.net.URL account;
        String root;
        try {
            org.shredzone.acme4j.Session session = dev.cairn.testing.Acme4jSessions.session(
                    live.directory(), CrashRecoveryIT.anchor(live.trustAnchor()));
            account = new org.shredzone.acme4j.AccountBuilder()
                    .agreeToTermsOfService()
                    .useKeyPair(key)
                    .createLogin(session)
                    .getAccountLocation();
            root = trusting(live.trustAnchor())
                    .send(
                            HttpRequest.newBuilder(live.admin().resolve("/roots/0"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Process backupRun = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            Path.of("target", "cairn.jar").toString(),
                            "backup",
                            "--data-dir",
                            data.toString(),
                            "--to",
                            backup.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(backupRun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(backupRun.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(backupRun.exitValue()).as(out).isZero();
        } finally {
            stop(live);
        }
        Running restored = serve(
                "--data-dir",
                backup.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--admin-listen",
                "127.0.0.1:" + adminPort);
        try {
            org.shredzone.acme4j.Session session = dev.cairn.testing.Acme4jSessions.session(
                    restored.directory(), CrashRecoveryIT.anchor(restored.trustAnchor()));
            assertThat(new org.shredzone.acme4j.AccountBuilder()
                            .onlyExisting()
                            .useKeyPair(key)
                            .createLogin(session)
                            .getAccountLocation())
                    .isEqualTo(account);
            assertThat(trusting(restored.trustAnchor())
                            .send(
                                    HttpRequest.newBuilder(restored.admin().resolve("/roots/0"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .isEqualTo(root);
        } finally {
            stop(restored);
        }
    }

    @Test
    void aPortInUseIsReportedWithoutAStackTrace() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Process p = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            Path.of("target", "cairn.jar").toString(),
                            "serve",
                            "--in-memory",
                            "--listen",
                            "127.0.0.1:" + taken.getLocalPort(),
                            "--admin-listen",
                            "127.0.0.1:0")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isNotZero();
            assertThat(out)
                    .contains("cannot start", "127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void badOptionsAreRefusedWithAClearMessage() throws Exception {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        Path.of("target", "cairn.jar").toString(),
                        "serve",
                        "--listen",
                        "nonsense")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("HOST:PORT").doesNotContain("Exception in thread");
    }
}
