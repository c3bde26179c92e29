package dev.cairn.storage.sql;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;

/**
 * Keeps SQLite's compiled statements per connection and reuses them, instead of compiling every
 * statement's SQL again on each use.
 *
 * <p>Design note. Neither sqlite-jdbc, JDBI nor HikariCP caches prepared statements, and
 * SQLite's compilation ({@code sqlite3_prepare}) was 14 % of Cairn's CPU on the embedded
 * database (docs/performance.md, "Where a durable store's CPU goes"). Statements are prepared on
 * the pooled physical connection (not on HikariCP's per-checkout proxy, which closes every
 * statement made through it when the connection goes back to the pool), at most {@link
 * #PER_CONNECTION} per connection, least recently used first out. A connection is used by one
 * thread at a time, so each connection's cache needs no lock. Reuse is safe because sqlite-jdbc
 * resets a statement when its result set is closed or its update is done, so an idle cached
 * statement holds no read snapshot; when JDBI gives one back its parameters are cleared. A
 * cached statement whose connection was closed (HikariCP retires connections) is found closed
 * and prepared again, and caches of closed connections are dropped when a new connection
 * appears. Statements asking for generated keys or updatable results are not cached, and
 * neither is a second use of one SQL text while the first is still open (a query run from
 * inside another's row mapping): that one gets its own statement, closed after use.
 */
final class SqliteStatementCache implements StatementBuilderFactory {
    static final int PER_CONNECTION = 128;

    private final Map<SQLiteConnection, Map<String, PreparedStatement>> caches = new ConcurrentHashMap<>();

    @Override
    public StatementBuilder createStatementBuilder(Connection connection) {
        SQLiteConnection physical;
        try {
            physical = connection.unwrap(SQLiteConnection.class);
        } catch (SQLException notSqlite) {
            return new DefaultStatementBuilder();
        }
        Map<String, PreparedStatement> cache = caches.get(physical);
        if (cache == null) {
            caches.keySet().removeIf(SqliteStatementCache::isClosed);
            cache = caches.computeIfAbsent(physical, c -> lru());
        }
        return new Builder(physical, cache);
    }

    /** How many connections have a cache; for tests. */
    int connections() {
        return caches.size();
    }

    private static Map<String, PreparedStatement> lru() {
        return new LinkedHashMap<>(32, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= PER_CONNECTION) {
                    return false;
                }
                closeQuietly(eldest.getValue());
                return true;
            }
        };
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void closeQuietly(Statement s) {
        try {
            s.close();
        } catch (SQLException ignored) {
            // an evicted statement that cannot close is finalised with its connection
        }
    }

    private static final class Builder implements StatementBuilder {
        private final DefaultStatementBuilder plain = new DefaultStatementBuilder();
        private final SQLiteConnection physical;
        private final Map<String, PreparedStatement> cache;
        private final Set<Statement> inUse = Collections.newSetFromMap(new IdentityHashMap<>());

        Builder(SQLiteConnection physical, Map<String, PreparedStatement> cache) {
            this.physical = physical;
            this.cache = cache;
        }

        @Override
        public Statement create(Connection conn, StatementContext ctx) throws SQLException {
            return plain.create(conn, ctx);
        }

        @Override
        public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
            if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) {
                return plain.create(conn, sql, ctx);
            }
            PreparedStatement cached = cache.get(sql);
            if (cached != null && inUse.contains(cached)) {
                return plain.create(conn, sql, ctx);
            }
            if (cached == null || cached.isClosed()) {
                cached = physical.prepareStatement(sql);
                cache.put(sql, cached);
            }
            inUse.add(cached);
            return cached;
        }

        @Override
        public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
            return plain.createCall(conn, sql, ctx);
        }

        @Override
        public void close(Connection conn, String sql, Statement stmt) throws SQLException {
            if (stmt != null && inUse.remove(stmt)) {
                if (!stmt.isClosed()) {
                    ((PreparedStatement) stmt).clearParameters();
                    stmt.clearBatch();
                }
                return;
            }
            plain.close(conn, sql, stmt);
        }
    }
}
