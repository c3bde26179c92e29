package dev.cairn.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.authority.Account;
import dev.cairn.authority.CertificateRecord;
import dev.cairn.authority.Order;
import dev.cairn.protocol.OrderStatus;
import dev.cairn.storage.sql.SqlStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** Two stores on one file stand for two processes: only SQLite's own locking is shared. */
    @Test
    void twoStoresOnOneFileStillGiveOneWinnerPerRace() throws Exception {
        try (Storage other = SqlStorage.sqlite(file())) {
            Order pending = pendingOrder("acct-1", "order-1");
            Order processing = storage.updateOrder(pending.processing()).orElseThrow();

            List<Race.Outcome<CertificateRecord>> issued = Race.run(i -> () -> (i % 2 == 0 ? storage : other)
                    .createCertificate(
                            StorageFixtures.certificate("0c" + i, "acct-1", "order-1"), processing.valid("0c" + i)));
            List<Race.Outcome<Account>> created = Race.run(i -> () -> (i % 2 == 0 ? storage : other)
                    .createAccount(StorageFixtures.account("racer-" + i, "thumb-shared")));

            assertThat(issued).filteredOn(Race.Outcome::won).hasSize(1);
            assertThat(issued)
                    .filteredOn(o -> !o.won())
                    .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(IllegalStateException.class));
            assertThat(created).filteredOn(Race.Outcome::won).hasSize(1);
            assertThat(created)
                    .filteredOn(o -> !o.won())
                    .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(Storage.DuplicateKeyException.class));
            assertThat(other.orderById("order-1").orElseThrow().phase()).isEqualTo(OrderStatus.VALID);
        }
    }

    @Test
    void recordsSurviveClosingAndReopeningTheFile() {
        checkRecordsSurviveReopening(() -> SqlStorage.sqlite(file()));
    }

    private Path file() {
        return dir.resolve("data").resolve("cairn.db");
    }
}
