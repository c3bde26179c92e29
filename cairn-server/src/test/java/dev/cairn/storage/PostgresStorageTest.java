package dev.cairn.storage;

import dev.cairn.storage.sql.SqlStorage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on a real PostgreSQL (zonky's embedded binaries, PostgreSQL 18): one server for
 * the class and a fresh database per test, copied from a template that Flyway migrated once
 * (opening each copy still runs Flyway, which finds it up to date).
 */
class PostgresStorageTest extends StorageContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;
    private String database;

    @BeforeAll
    static void startServer() throws IOException, SQLException {
        server = EmbeddedPostgres.start();
        createDatabase("cairn_template", null);
        SqlStorage.postgres(server.getJdbcUrl("postgres", "cairn_template"), "postgres", "unused")
                .close();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @Override
    protected Storage newStorage() throws SQLException {
        database = "cairn_" + DATABASES.incrementAndGet();
        createDatabase(database, "cairn_template");
        return connect();
    }

    private static void createDatabase(String name, String template) throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
        }
    }

    @Test
    void recordsSurviveReconnecting() {
        checkRecordsSurviveReopening(this::connect);
    }

    private Storage connect() {
        return SqlStorage.postgres(server.getJdbcUrl("postgres", database), "postgres", "unused");
    }
}
