package dev.cairn.server;

import dev.cairn.storage.sql.SqliteBackup;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn backup}: a consistent copy of a data directory, safe while Cairn runs. The
 * SQLite database is copied with {@code VACUUM INTO} (a transactionally consistent snapshot
 * that a running writer does not disturb); the CA and TLS key directories are copied with
 * their permissions.
 */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = "Copy a data directory (database, CA and TLS keys) consistently, also while Cairn is running.")
final class Backup implements Callable<Integer> {
    @Option(
            names = "--data-dir",
            defaultValue = "cairn-data",
            description = "Data directory to back up. Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--to", required = true, description = "Directory to create the backup in (must not exist)")
    Path target;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dataDir)) {
            System.err.println("cairn backup: " + dataDir + " is not a directory");
            return 2;
        }
        if (Files.exists(target)) {
            System.err.println("cairn backup: " + target + " already exists; name a new directory");
            return 2;
        }
        Files.createDirectories(target);
        for (String keys : new String[] {"ca", "tls"}) {
            Path from = dataDir.resolve(keys);
            if (Files.isDirectory(from)) {
                copyTree(from, target.resolve(keys));
            }
        }
        Path db = Storages.sqliteFile(dataDir);
        if (Files.exists(db)) {
            SqliteBackup.copy(db, Storages.sqliteFile(target));
        }
        System.out.println("cairn backup: " + dataDir.toAbsolutePath() + " copied to " + target.toAbsolutePath());
        return 0;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
