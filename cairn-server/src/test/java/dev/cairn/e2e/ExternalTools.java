package dev.cairn.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real-client tests need programs from Debian's packages. On a developer machine without them
 * the tests are skipped with a message saying what to install; under CI (environment variable
 * {@code CI} set) a missing program is a failure, because CI exists to run these tests.
 */
final class ExternalTools {
    private ExternalTools() {}

    static boolean allPresent(String... programs) {
        return missing(programs).isEmpty();
    }

    static void require(String... programs) {
        List<String> missing = missing(programs);
        if (missing.isEmpty()) {
            return;
        }
        String message = "real-client end-to-end tests need " + missing + " on PATH"
                + " (Debian: apt-get install --no-install-recommends certbot lego pebble curl;"
                + " pebble ships pebble-challtestsrv)";
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank()) {
            Assertions.fail(message + "; CI is set, so this is a failure, not a skip");
        }
        Assumptions.abort(message);
    }

    private static List<String> missing(String... programs) {
        List<String> missing = new ArrayList<>();
        for (String program : programs) {
            if (find(program) == null) {
                missing.add(program);
            }
        }
        return missing;
    }

    static Path find(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
