package dev.cairn.storage.sql;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What differs between the two databases once the schema is the same. */
enum SqlDialect {
    /**
     * One writer at a time per database file. Transactions begin {@code IMMEDIATE} (they take
     * the write lock first, so a read-then-write never deadlocks on lock upgrade) and this
     * process additionally queues its own writers on a fair lock rather than letting them
     * spin in SQLite's busy handler; {@code busy_timeout} covers other processes.
     */
    SQLITE(true),
    /** Row locks and unique indexes serialise writers; READ COMMITTED is enough for compare-and-set. */
    POSTGRESQL(false);

    private final boolean serialisesWrites;

    SqlDialect(boolean serialisesWrites) {
        this.serialisesWrites = serialisesWrites;
    }

    boolean serialisesWrites() {
        return serialisesWrites;
    }

    /** True when {@code failure} was caused by a unique or primary-key constraint. */
    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                SQLiteErrorCode code = sqlite.getResultCode();
                return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
            }
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
