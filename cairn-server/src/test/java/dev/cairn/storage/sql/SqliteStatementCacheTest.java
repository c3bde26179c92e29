package dev.cairn.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiled SQLite statements reused per connection, never sharing a read snapshot or a result. */
class SqliteStatementCacheTest {
    @TempDir
    Path dir;

    private final SqliteStatementCache cache = new SqliteStatementCache();
    private final List<Statement> executed = new ArrayList<>();
    private Connection a;
    private Connection b;

    @BeforeEach
    void open() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("cache.db");
        a = DriverManager.getConnection(url);
        b = DriverManager.getConnection(url);
        try (Statement s = a.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
        }
    }

    @AfterEach
    void close() throws Exception {
        a.close();
        b.close();
    }

    /** A handle on {@code c} through the cache; closing the handle leaves the connection open. */
    private Handle handle(Connection c) {
        Jdbi jdbi = Jdbi.create(new ConnectionFactory() {
            @Override
            public Connection openConnection() {
                return c;
            }

            @Override
            public void closeConnection(Connection conn) {
                // the test owns the connection
            }
        });
        jdbi.setStatementBuilderFactory(cache);
        jdbi.addCustomizer(new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement stmt, StatementContext ctx) {
                executed.add(stmt);
            }
        });
        return jdbi.open();
    }

    private String value(Handle h, int id) {
        return h.createQuery("SELECT v FROM t WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .one();
    }

    @Test
    void oneSqlTextIsCompiledOncePerConnectionAndReusedAcrossHandles() {
        try (Handle h = handle(a)) {
            assertThat(value(h, 1)).isEqualTo("one");
        }
        try (Handle h = handle(a)) {
            assertThat(value(h, 2)).isEqualTo("two");
        }

        assertThat(executed).hasSize(2);
        assertThat(executed.get(0)).isSameAs(executed.get(1));
    }

    @Test
    void aCachedReadSeesWhatAnotherConnectionCommittedSinceItsLastUse() {
        try (Handle reader = handle(a);
                Handle writer = handle(b)) {
            assertThat(value(reader, 1)).isEqualTo("one");
            writer.createUpdate("UPDATE t SET v = :v WHERE id = 1")
                    .bind("v", "uno")
                    .execute();
            assertThat(value(reader, 1)).isEqualTo("uno");
            writer.createUpdate("UPDATE t SET v = :v WHERE id = 1")
                    .bind("v", "eins")
                    .execute();
            assertThat(value(reader, 1)).isEqualTo("eins");
        }
    }

    @Test
    void theSameSqlRunFromInsideItsOwnRowMappingGetsItsOwnStatement() {
        try (Handle h = handle(a)) {
            List<String> pairs = h.createQuery("SELECT v FROM t WHERE id >= :id ORDER BY id")
                    .bind("id", 1)
                    .map((rs, ctx) -> rs.getString(1) + "/"
                            + h.createQuery("SELECT v FROM t WHERE id >= :id ORDER BY id")
                                    .bind("id", 2)
                                    .mapTo(String.class)
                                    .one())
                    .list();

            assertThat(pairs).containsExactly("one/two", "two/two");
        }
        assertThat(executed.get(1)).isNotSameAs(executed.get(0));
    }

    @Test
    void parametersOfOneUseDoNotLeakIntoTheNext() {
        try (Handle h = handle(a)) {
            h.createUpdate("INSERT INTO t (id, v) VALUES (:id, :v)")
                    .bind("id", 3)
                    .bind("v", "three")
                    .execute();
            h.createUpdate("INSERT INTO t (id, v) VALUES (:id, :v)")
                    .bind("id", 4)
                    .bindNull("v", java.sql.Types.VARCHAR)
                    .execute();

            assertThat(h.createQuery("SELECT v FROM t WHERE id = 4")
                            .mapTo(String.class)
                            .findOne())
                    .isEmpty();
            assertThat(value(h, 3)).isEqualTo("three");
        }
    }

    @Test
    void cachesOfClosedConnectionsAreDroppedWhenANewConnectionComes() throws Exception {
        try (Handle h = handle(a)) {
            value(h, 1);
        }
        try (Handle h = handle(b)) {
            value(h, 1);
        }
        assertThat(cache.connections()).isEqualTo(2);
        a.close();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
                Handle h = handle(c)) {
            assertThat(value(h, 2)).isEqualTo("two");
            assertThat(cache.connections()).isEqualTo(2);
        }
    }
}
