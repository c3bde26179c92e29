package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.LoopbackCa;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;

/** {@code cairn seed} (docs/performance.md, "Scale"): a seeded SQLite database is one Cairn serves and adds to. */
class SeedCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void seededDatabaseHoldsTheRequestedHistoryAndCairnIssuesOnTopOfIt() throws Exception {
        String[] args = {"seed", "--data-dir", dataDir.toString(), "--certificates", "1000", "--accounts", "20"};
        assertThat(Main.commandLine(args, Map.of()).execute(args)).isZero();

        assertThat(count("SELECT COUNT(*) FROM accounts")).isEqualTo(20);
        assertThat(count("SELECT COUNT(*) FROM certificates")).isEqualTo(1000);
        assertThat(count("SELECT COUNT(*) FROM orders WHERE phase = 'VALID' AND certificate_serial IS NOT NULL"))
                .isEqualTo(1000);
        assertThat(count("SELECT COUNT(*) FROM challenges")).isEqualTo(3000);
        assertThat(count("SELECT COUNT(DISTINCT thumbprint) FROM accounts")).isEqualTo(20);
        assertThat(count("SELECT COUNT(*) FROM orders WHERE replaces IS NOT NULL"))
                .isEqualTo(500);
        assertThat(count("SELECT COUNT(*) FROM certificates WHERE revoked_at IS NOT NULL"))
                .isBetween(1L, 100L);

        try (LoopbackCa ca = LoopbackCa.start(b -> b.inMemory(false).dataDir(dataDir))) {
            Login login = ca.newLogin();
            Order order =
                    login.getAccount().newOrder().domain("after-seed.test").create();
            Http01Challenge challenge = order.getAuthorizations()
                    .get(0)
                    .findChallenge(Http01Challenge.class)
                    .orElseThrow();
            ca.http01().put(challenge.getToken(), challenge.getAuthorization());
            challenge.trigger();
            order.waitUntilReady(WAIT);
            order.execute(LoopbackCa.ecKey());
            assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
            X509Certificate issued = order.getCertificate().getCertificate();
            assertThat(issued.getSubjectX500Principal().getName()).contains("after-seed.test");
        }
        assertThat(count("SELECT COUNT(*) FROM certificates")).isEqualTo(1001);
        assertThat(count("SELECT COUNT(*) FROM accounts")).isEqualTo(21);
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + Storages.sqliteFile(dataDir));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
