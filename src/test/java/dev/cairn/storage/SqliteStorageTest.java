package dev.cairn.storage;

import dev.cairn.storage.sql.SqlStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract on a SQLite file per test, copied from one that Flyway migrated once (opening
 * each copy still runs Flyway, which finds it up to date).
 */
class SqliteStorageTest extends StorageContract {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void migrateTemplate() {
        SqlStorage.sqlite(shared.resolve("template.db")).close();
    }

    @Override
    protected Storage newStorage() throws IOException {
        Files.createDirectories(file().getParent());
        Files.copy(shared.resolve("template.db"), file());
        return SqlStorage.sqlite(file());
    }

    @Test
    void recordsSurviveClosingAndReopeningTheFile() {
        checkRecordsSurviveReopening(() -> SqlStorage.sqlite(file()));
    }

    private Path file() {
        return dir.resolve("data").resolve("cairn.db");
    }
}
