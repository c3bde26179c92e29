package dev.cairn.storage;

import dev.cairn.storage.sql.SqlStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStorageTest extends StorageContract {
    @TempDir
    Path dir;

    @Override
    protected Storage newStorage() {
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
