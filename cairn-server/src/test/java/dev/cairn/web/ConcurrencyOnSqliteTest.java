package dev.cairn.web;

import dev.cairn.testing.LoopbackCa;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The races of {@link ConcurrencyContract} on the embedded SQLite database. */
class ConcurrencyOnSqliteTest extends ConcurrencyContract {
    @TempDir
    static Path dir;

    static LoopbackCa ca;

    @BeforeAll
    static void start() throws Exception {
        ca = LoopbackCa.start(b -> b.inMemory(false).dataDir(dir));
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    @Override
    LoopbackCa ca() {
        return ca;
    }
}
