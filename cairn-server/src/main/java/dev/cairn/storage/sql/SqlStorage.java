package dev.cairn.storage.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cairn.authority.Account;
import dev.cairn.authority.Authorization;
import dev.cairn.authority.CertificateRecord;
import dev.cairn.authority.Order;
import dev.cairn.protocol.ChallengeStatus;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.OrderStatus;
import dev.cairn.storage.Listings;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StoragePrecision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * {@link Storage} in SQLite (the embedded default) or PostgreSQL (shared by several Cairn
 * processes), with one schema migrated by Flyway from {@code db/migration}.
 *
 * <p>Design: every {@code create*}/{@code update*} is one transaction, and every {@code
 * update*} is a compare-and-set on the row's {@code version} ({@code UPDATE … WHERE id = ? AND
 * version = ?}; no row changed means a stale copy). The database, not this process, is the
 * arbiter: on PostgreSQL a racing writer blocks on the row lock and then finds the version
 * moved, and the unique index on {@code accounts.thumbprint} decides which of two key changes
 * wins, so several processes may share one database. SQLite allows one writer per file; see
 * {@link SqlDialect#SQLITE}. An authorization and its challenges are read with one joined
 * statement, so a read never mixes two versions of them.
 */
public final class SqlStorage implements Storage {
    private static final int SQLITE_POOL_SIZE = 4;
    private static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;
    private static final int POSTGRES_POOL_SIZE = 10;
    private static final int MAX_KEY_ATTEMPTS = 3;

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final SqlDialect dialect;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    private SqlStorage(HikariDataSource pool, SqlDialect dialect) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        this.dialect = dialect;
        if (dialect == SqlDialect.SQLITE) {
            // PostgreSQL's driver keeps its own server-side prepared statements
            jdbi.setStatementBuilderFactory(new SqliteStatementCache());
        }
    }

    /**
     * Opens (creating if needed) the database file and migrates it. WAL lets readers run
     * beside the writer; {@code synchronous=FULL} makes a committed issuance survive power
     * loss, not only a crash of the process.
     */
    public static SqlStorage sqlite(Path dbFile) {
        Path file = dbFile.toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + file, e);
        }
        migrate(sqliteDataSource(file, SQLiteConfig.TransactionMode.DEFERRED));
        HikariConfig config = new HikariConfig();
        config.setPoolName("cairn-sqlite");
        config.setDataSource(sqliteDataSource(file, SQLiteConfig.TransactionMode.IMMEDIATE));
        config.setMaximumPoolSize(SQLITE_POOL_SIZE);
        return new SqlStorage(new HikariDataSource(config), SqlDialect.SQLITE);
    }

    /** Connects to and migrates a PostgreSQL database. The password is handed to the pool only. */
    public static SqlStorage postgres(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("cairn-postgresql");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POSTGRES_POOL_SIZE);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new SqlStorage(pool, SqlDialect.POSTGRESQL);
    }

    private static SQLiteDataSource sqliteDataSource(Path file, SQLiteConfig.TransactionMode mode) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setTransactionMode(mode);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file);
        return source;
    }

    private static void migrate(DataSource source) {
        Flyway.configure()
                .dataSource(source)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    @Override
    public void close() {
        pool.close();
    }

    // ---- accounts

    /**
     * RFC 8555 §7.3: {@code ON CONFLICT (thumbprint) DO NOTHING} inserts nothing when the key
     * has an account, which is then named. If that owner moved to another key in between, the
     * insert is tried again.
     */
    @Override
    public Account createAccount(Account account) {
        Account stored = StoragePrecision.account(account.withVersion(0));
        for (int attempt = 1; ; attempt++) {
            AccountInsert insert = write(h -> {
                boolean inserted = Bindings.account(h.createUpdate(Sql.INSERT_ACCOUNT), stored)
                                .execute()
                        == 1;
                return new AccountInsert(
                        inserted,
                        inserted
                                ? Optional.empty()
                                : accountIdByThumbprint(h, stored.key().thumbprint()));
            });
            if (insert.inserted()) {
                return stored;
            }
            if (insert.owner().isPresent()) {
                throw new DuplicateKeyException(insert.owner().get());
            }
            if (attempt == MAX_KEY_ATTEMPTS) {
                throw new IllegalStateException("the key of account " + stored.id() + " keeps changing owner");
            }
        }
    }

    @Override
    public Optional<Account> accountById(String id) {
        return read(h -> h.createQuery("SELECT * FROM accounts WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> Rows.account(rs))
                .findOne());
    }

    @Override
    public Optional<Account> accountByThumbprint(String thumbprint) {
        return read(h -> h.createQuery("SELECT * FROM accounts WHERE thumbprint = :thumbprint")
                .bind("thumbprint", thumbprint)
                .map((rs, ctx) -> Rows.account(rs))
                .findOne());
    }

    @Override
    public List<Account> accountsWithExternalBinding() {
        return read(h -> h.createQuery("SELECT * FROM accounts WHERE eab IS NOT NULL ORDER BY created_at, id")
                .map((rs, ctx) -> Rows.account(rs))
                .list());
    }

    /**
     * A key change that collides with another account's key fails on the unique index. On
     * PostgreSQL that aborts the transaction, so the owner is looked up afterwards; if the
     * owner has meanwhile moved to another key, the update is simply tried again.
     */
    @Override
    public Optional<Account> updateAccount(Account account) {
        Account stored = StoragePrecision.account(account.withVersion(account.version() + 1));
        for (int attempt = 1; ; attempt++) {
            try {
                int updated = write(h -> Bindings.account(h.createUpdate(Sql.UPDATE_ACCOUNT), stored)
                        .bind("expected", account.version())
                        .execute());
                return updated == 1 ? Optional.of(stored) : Optional.empty();
            } catch (JdbiException e) {
                if (!SqlDialect.isUniqueViolation(e)) {
                    throw e;
                }
                Optional<String> owner =
                        read(h -> accountIdByThumbprint(h, stored.key().thumbprint()));
                if (owner.isPresent()) {
                    throw new DuplicateKeyException(owner.get());
                }
                if (attempt == MAX_KEY_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private record AccountInsert(boolean inserted, Optional<String> owner) {}

    private static Optional<String> accountIdByThumbprint(Handle h, String thumbprint) {
        return h.createQuery("SELECT id FROM accounts WHERE thumbprint = :thumbprint")
                .bind("thumbprint", thumbprint)
                .mapTo(String.class)
                .findOne();
    }

    // ---- orders

    @Override
    public Order createOrder(Order order, List<Authorization> newAuthorizations) {
        Order stored = StoragePrecision.order(order.withVersion(0));
        List<Authorization> authzs = newAuthorizations.stream()
                .map(a -> StoragePrecision.authorization(a.withVersion(0)))
                .toList();
        try {
            return write(h -> {
                authzs.forEach(a -> insertAuthorization(h, a));
                Bindings.order(h.createUpdate(Sql.INSERT_ORDER), stored).execute();
                linkAuthorizations(h, stored);
                return stored;
            });
        } catch (JdbiException e) {
            // the partial unique index orders_replaces_live (V2) arbitrates racing replacements
            if (stored.replaces() != null
                    && SqlDialect.isUniqueViolation(e)
                    && orderReplacing(stored.replaces()).isPresent()) {
                throw new AlreadyReplacedException(stored.replaces());
            }
            throw e;
        }
    }

    @Override
    public Optional<Order> orderReplacing(String certId) {
        return read(h -> h.createQuery("SELECT * FROM orders WHERE replaces = :certId AND phase <> 'INVALID'")
                .bind("certId", certId)
                .map((rs, ctx) -> Rows.order(rs))
                .findFirst());
    }

    @Override
    public Optional<Order> orderById(String id) {
        return read(h -> h.createQuery("SELECT * FROM orders WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> Rows.order(rs))
                .findOne());
    }

    @Override
    public List<Order> ordersByAccount(String accountId) {
        return read(h -> h.createQuery("SELECT * FROM orders WHERE account_id = :accountId")
                        .bind("accountId", accountId)
                        .map((rs, ctx) -> Rows.order(rs))
                        .list())
                .stream()
                .sorted(Listings.ORDERS_OLDEST_FIRST)
                .toList();
    }

    @Override
    public List<Order> ordersInPhase(OrderStatus phase) {
        return read(h -> h.createQuery("SELECT * FROM orders WHERE phase = :phase")
                        .bind("phase", phase.name())
                        .map((rs, ctx) -> Rows.order(rs))
                        .list())
                .stream()
                .sorted(Listings.ORDERS_OLDEST_FIRST)
                .toList();
    }

    @Override
    public Optional<Order> updateOrder(Order order) {
        return write(h -> casOrder(h, order));
    }

    private static Optional<Order> casOrder(Handle h, Order order) {
        Order stored = StoragePrecision.order(order.withVersion(order.version() + 1));
        int updated = Bindings.order(h.createUpdate(Sql.UPDATE_ORDER), stored)
                .bind("expected", order.version())
                .execute();
        if (updated == 0) {
            return Optional.empty();
        }
        h.createUpdate("DELETE FROM order_authorizations WHERE order_id = :id")
                .bind("id", stored.id())
                .execute();
        linkAuthorizations(h, stored);
        if (stored.phase() == OrderStatus.VALID && !stored.authorizationIds().isEmpty()) {
            h.createUpdate(Sql.KEEP_AUTHORIZATIONS)
                    .bindList("ids", stored.authorizationIds())
                    .execute();
        }
        return Optional.of(stored);
    }

    private static void linkAuthorizations(Handle h, Order order) {
        for (String authzId : order.authorizationIds()) {
            h.createUpdate(Sql.LINK_AUTHORIZATION)
                    .bind("orderId", order.id())
                    .bind("authzId", authzId)
                    .execute();
        }
    }

    // ---- authorizations

    @Override
    public Optional<Authorization> authorizationById(String id) {
        return selectAuthorizations(Sql.WHERE_AUTHORIZATION_ID, Map.of("id", id)).stream()
                .findFirst();
    }

    @Override
    public List<Authorization> authorizationsByIds(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Authorization> found = read(h -> Rows.authorizations(
                        h.createQuery(Rows.AUTHORIZATION_SELECT + " WHERE a.id IN (<ids>) ORDER BY a.id, c.position")
                                .bindList("ids", ids)
                                .map((rs, ctx) -> Rows.authorizationRow(rs))
                                .list()))
                .stream()
                .collect(Collectors.toMap(Authorization::id, Function.identity()));
        return ids.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    @Override
    public List<Authorization> authorizationsFor(String accountId, Identifier identifier) {
        return selectAuthorizations(
                        Sql.WHERE_ACCOUNT_IDENTIFIER,
                        Map.of("accountId", accountId, "type", identifier.type(), "value", identifier.value()))
                .stream()
                .sorted(Listings.AUTHORIZATIONS_NEWEST_FIRST)
                .toList();
    }

    @Override
    public List<Authorization> authorizationsWithProcessingChallenges() {
        return selectAuthorizations(Sql.WHERE_CHALLENGE_STATUS, Map.of("status", ChallengeStatus.PROCESSING.name()))
                .stream()
                .sorted(Listings.AUTHORIZATIONS_BY_ID)
                .toList();
    }

    private List<Authorization> selectAuthorizations(String where, Map<String, Object> params) {
        String sql = Rows.AUTHORIZATION_SELECT + where + " ORDER BY a.id, c.position";
        return read(h -> Rows.authorizations(h.createQuery(sql)
                .bindMap(params)
                .map((rs, ctx) -> Rows.authorizationRow(rs))
                .list()));
    }

    /** The authorization row and its challenges are replaced together, in the caller's transaction. */
    @Override
    public Optional<Authorization> updateAuthorization(Authorization authorization) {
        Authorization stored = StoragePrecision.authorization(authorization.withVersion(authorization.version() + 1));
        return write(h -> {
            int updated = Bindings.authorization(h.createUpdate(Sql.UPDATE_AUTHORIZATION), stored)
                    .bind("expected", authorization.version())
                    .execute();
            if (updated == 0) {
                return Optional.empty();
            }
            h.createUpdate("DELETE FROM challenges WHERE authorization_id = :id")
                    .bind("id", stored.id())
                    .execute();
            insertChallenges(h, stored);
            return Optional.of(stored);
        });
    }

    @Override
    public Authorization createAuthorization(Authorization authorization) {
        Authorization stored = StoragePrecision.authorization(authorization.withVersion(0));
        return write(h -> {
            insertAuthorization(h, stored);
            return stored;
        });
    }

    private static void insertAuthorization(Handle h, Authorization a) {
        Bindings.authorization(h.createUpdate(Sql.INSERT_AUTHORIZATION), a).execute();
        insertChallenges(h, a);
    }

    private static void insertChallenges(Handle h, Authorization a) {
        for (int position = 0; position < a.challenges().size(); position++) {
            Bindings.challenge(
                            h.createUpdate(Sql.INSERT_CHALLENGE),
                            a.id(),
                            position,
                            a.challenges().get(position))
                    .execute();
        }
    }

    // ---- certificates

    @Override
    public CertificateRecord createCertificate(CertificateRecord certificate, Order validOrder) {
        CertificateRecord stored = StoragePrecision.certificate(certificate.withVersion(0));
        return write(h -> {
            if (casOrder(h, validOrder).isEmpty()) {
                throw new IllegalStateException(
                        "order " + validOrder.id() + " changed while its certificate was issued");
            }
            Bindings.certificate(h.createUpdate(Sql.INSERT_CERTIFICATE), stored).execute();
            return stored;
        });
    }

    @Override
    public Optional<CertificateRecord> certificateBySerial(String serial) {
        return read(h -> h.createQuery("SELECT * FROM certificates WHERE serial = :serial")
                .bind("serial", serial)
                .map((rs, ctx) -> Rows.certificate(rs))
                .findOne());
    }

    @Override
    public Optional<CertificateRecord> updateCertificate(CertificateRecord certificate) {
        CertificateRecord stored = StoragePrecision.certificate(certificate.withVersion(certificate.version() + 1));
        int updated = write(h -> Bindings.certificate(h.createUpdate(Sql.UPDATE_CERTIFICATE), stored)
                .bind("expected", certificate.version())
                .execute());
        return updated == 1 ? Optional.of(stored) : Optional.empty();
    }

    // ---- retention

    @Override
    public int pruneExpired(Instant cutoff) {
        long millis = cutoff.toEpochMilli();
        return write(
                h -> h.createUpdate(Sql.PRUNE_ORDERS).bind("cutoff", millis).execute()
                        + h.createUpdate(Sql.PRUNE_AUTHORIZATIONS)
                                .bind("cutoff", millis)
                                .execute());
    }

    // ---- bulk loading

    /** A pooled connection for {@link Seeder}, which manages its own transactions. */
    <T> T withConnection(ConnectionWork<T> work) {
        return read(h -> {
            try {
                return work.apply(h.getConnection());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("bulk load failed: " + e.getMessage(), e);
            }
        });
    }

    @FunctionalInterface
    interface ConnectionWork<T> {
        T apply(java.sql.Connection connection) throws java.sql.SQLException;
    }

    // ---- transactions

    private <T> T read(HandleCallback<T, RuntimeException> work) {
        return jdbi.withHandle(work);
    }

    private <T> T write(HandleCallback<T, RuntimeException> work) {
        if (!dialect.serialisesWrites()) {
            return jdbi.inTransaction(work);
        }
        writeLock.lock();
        try {
            return jdbi.inTransaction(work);
        } finally {
            writeLock.unlock();
        }
    }
}
