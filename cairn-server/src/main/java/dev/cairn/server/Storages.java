package dev.cairn.server;

import dev.cairn.storage.Storage;
import dev.cairn.storage.memory.InMemoryStorage;
import dev.cairn.storage.sql.SqlStorage;
import java.nio.file.Path;

/** Picks the storage a configuration asks for: memory, PostgreSQL, or SQLite under the data directory. */
final class Storages {
    static final String SQLITE_FILE = "cairn.db";

    private Storages() {}

    static Storage open(CairnConfig config) {
        if (config.inMemory()) {
            return new InMemoryStorage(config.retention().memoryCertificates());
        }
        if (config.database() != null) {
            CairnConfig.Database db = config.database();
            return SqlStorage.postgres(db.jdbcUrl(), db.user(), db.password());
        }
        return SqlStorage.sqlite(sqliteFile(config.dataDir()));
    }

    static Path sqliteFile(Path dataDir) {
        return dataDir.resolve(SQLITE_FILE);
    }

    static String describe(CairnConfig config) {
        if (config.inMemory()) {
            return "in memory (lost on exit)";
        }
        if (config.database() != null) {
            return "PostgreSQL at " + config.database().safeUrl();
        }
        return "SQLite at " + sqliteFile(config.dataDir()).toAbsolutePath();
    }
}
