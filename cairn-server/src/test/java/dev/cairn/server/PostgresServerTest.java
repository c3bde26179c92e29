package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.Acme4jSessions;
import dev.cairn.testing.LoopbackCa;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;

/** Issue 3: {@code --database jdbc:postgresql://…} keeps Cairn's state in a real PostgreSQL. */
class PostgresServerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    static EmbeddedPostgres postgres;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void certificatesIssuedOnPostgresAreThereAfterARestart() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CairnConfig.Database db =
                new CairnConfig.Database(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        assertThat(db.toString()).doesNotContain("password=postgres");
        KeyPair key = ecKey();
        URL orderUrl;
        int listen = port;
        try (LoopbackCa ca = LoopbackCa.start(b ->
                b.inMemory(false).dataDir(dataDir).database(db).listen(new InetSocketAddress("127.0.0.1", listen)))) {
            assertThat(ca.server().storageDescription()).startsWith("PostgreSQL at jdbc:postgresql:");
            Login login = new AccountBuilder()
                    .agreeToTermsOfService()
                    .useKeyPair(key)
                    .createLogin(Acme4jSessions.session(ca.server()));
            Order order = login.getAccount().newOrder().domain("pg.test").create();
            for (Authorization authz : order.getAuthorizations()) {
                Http01Challenge c = authz.findChallenge(Http01Challenge.class).orElseThrow();
                ca.http01().put(c.getToken(), c.getAuthorization());
                c.trigger();
                assertThat(authz.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
            }
            order.waitUntilReady(WAIT);
            order.execute(ecKey());
            assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
            orderUrl = order.getLocation();
        }
        try (LoopbackCa ca = LoopbackCa.start(b ->
                b.inMemory(false).dataDir(dataDir).database(db).listen(new InetSocketAddress("127.0.0.1", listen)))) {
            Login login = new AccountBuilder()
                    .onlyExisting()
                    .useKeyPair(key)
                    .createLogin(Acme4jSessions.session(ca.server()));
            Order order = login.bindOrder(orderUrl);
            assertThat(order.getStatus()).isEqualTo(Status.VALID);
            order.getCertificate().download();
            assertThat(order.getCertificate()
                            .getCertificate()
                            .getSubjectAlternativeNames()
                            .toString())
                    .contains("pg.test");
        }
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }
}
