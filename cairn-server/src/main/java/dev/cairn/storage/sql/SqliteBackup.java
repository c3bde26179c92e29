package dev.cairn.storage.sql;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * An online backup of a SQLite database: {@code VACUUM INTO} writes a consistent snapshot
 * from one read transaction, so it is safe while Cairn writes (WAL mode), and the copy is
 * compact.
 */
public final class SqliteBackup {
    private SqliteBackup() {}

    public static void copy(Path database, Path target) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
                PreparedStatement vacuum = c.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, target.toAbsolutePath().toString());
            vacuum.execute();
        } catch (SQLException e) {
            throw new IOException("backing up " + database + " failed: " + e.getMessage(), e);
        }
    }
}
