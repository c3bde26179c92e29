package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.challtestsrv.MockDnsServer;
import dev.cairn.testing.Acme4jSessions;
import dev.cairn.testing.Http01Responder;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;

/**
 * Issue 3: {@code kill -9} the packaged Cairn while acme4j clients are issuing on its SQLite
 * database. After a restart every certificate a client received is downloadable and
 * verifies, no order is stuck in processing, and the clients' next runs succeed.
 */
class CrashRecoveryIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    /** One client's view: its key, its account, what it created and what it received. */
    record Client(KeyPair key, URL account, List<URL> orders, List<Received> received) {}

    record Received(URL certificate, X509Certificate leaf) {}

    @Test
    void killNineWhileIssuingLosesNoCertificateAndLeavesNothingStuck() throws Exception {
        try (MockDnsServer dns = new MockDnsServer().start(new InetSocketAddress("127.0.0.1", 0));
                Http01Responder http01 = new Http01Responder()) {
            dns.setDefaultIpv4("127.0.0.1");
            String[] args = {
                "--data-dir",
                dir.resolve("data").toString(),
                "--dns-resolver",
                "127.0.0.1:" + dns.port(),
                "--http01-port",
                Integer.toString(http01.port())
            };
            int port = freePort();
            int adminPort = freePort();
            CairnCommandIT.Running first = serveOn(port, adminPort, args);
            Session session = Acme4jSessions.session(first.directory(), anchor(first.trustAnchor()));
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                KeyPair key = ecKey();
                Login login = new AccountBuilder()
                        .agreeToTermsOfService()
                        .useKeyPair(key)
                        .createLogin(session);
                clients.add(new Client(
                        key,
                        login.getAccountLocation(),
                        Collections.synchronizedList(new ArrayList<>()),
                        Collections.synchronizedList(new ArrayList<>())));
            }
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Client c = clients.get(i);
                int n = i;
                Thread t = new Thread(() -> issueUntilStopped(session, c, http01, "c" + n, running), "client-" + i);
                t.start();
                threads.add(t);
            }
            waitForCertificates(clients, 6);
            first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye
            assertThat(first.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            running.set(false);
            for (Thread t : threads) {
                t.join(60_000);
            }

            CairnCommandIT.Running second = serveOn(port, adminPort, args);
            try {
                Session again = Acme4jSessions.session(second.directory(), anchor(second.trustAnchor()));
                int checked = 0;
                int next = 0;
                for (Client c : clients) {
                    Login login = again.login(c.account(), c.key());
                    for (Received r : c.received()) {
                        Certificate cert = login.bindCertificate(r.certificate());
                        cert.download();
                        assertThat(cert.getCertificate()).isEqualTo(r.leaf());
                        r.leaf().verify(cert.getCertificateChain().get(1).getPublicKey());
                        checked++;
                    }
                    for (URL orderUrl : c.orders()) {
                        Order order = login.bindOrder(orderUrl);
                        assertThat(order.getStatus()).as(orderUrl.toString()).isNotEqualTo(Status.PROCESSING);
                    }
                    issue(login, http01, "after-" + next++ + ".crash.test", c);
                }
                assertThat(checked).isGreaterThanOrEqualTo(6);
            } finally {
                CairnCommandIT.stop(second);
            }
        }
    }

    private static void issueUntilStopped(
            Session session, Client c, Http01Responder http01, String prefix, AtomicBoolean running) {
        int n = 0;
        try {
            Login login = session.login(c.account(), c.key());
            while (running.get()) {
                issue(login, http01, prefix + "-" + n++ + ".crash.test", c);
            }
        } catch (Exception expectedOnceKilled) {
            // the server died under us; what was received before is what must survive
        }
    }

    private static void issue(Login login, Http01Responder http01, String name, Client c) throws Exception {
        Order order = login.getAccount().newOrder().domain(name).create();
        c.orders().add(order.getLocation());
        for (Authorization authz : order.getAuthorizations()) {
            Http01Challenge ch = authz.findChallenge(Http01Challenge.class).orElseThrow();
            http01.put(ch.getToken(), ch.getAuthorization());
            ch.trigger();
            assertThat(authz.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        }
        order.waitUntilReady(WAIT);
        order.execute(ecKey());
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        Certificate cert = order.getCertificate();
        c.received().add(new Received(cert.getLocation(), cert.getCertificate()));
    }

    private static void waitForCertificates(List<Client> clients, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (clients.stream().mapToInt(c -> c.received().size()).sum() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("clients did not get " + atLeast + " certificates in 90 s");
            }
            Thread.sleep(50);
        }
    }

    private static CairnCommandIT.Running serveOn(int port, int adminPort, String... args) throws Exception {
        List<String> all =
                new ArrayList<>(List.of("--listen", "127.0.0.1:" + port, "--admin-listen", "127.0.0.1:" + adminPort));
        all.addAll(List.of(args));
        return CairnCommandIT.serve(all.toArray(String[]::new));
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static X509Certificate anchor(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }
}
