package dev.cairn.storage;

import dev.cairn.storage.sql.SqlStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStorageTest extends StorageContract {
    @TempDir
    Path dir;

    @Override
    protected Storage newStorage() {
        return SqlStorage.sqlite(dir.resolve("data").resolve("cairn.db"));
    }
}
