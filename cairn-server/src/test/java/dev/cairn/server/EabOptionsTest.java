package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve --eab-keys}: a bad key file stops start-up with one clear line, before anything listens. */
class EabOptionsTest {
    @TempDir
    Path dir;

    record Run(int exitCode, String err) {}

    static Run serve(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.registerConverter(InetSocketAddress.class, Main::hostPort);
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        String[] all = new String[args.length + 6];
        System.arraycopy(
                new String[] {"serve", "--in-memory", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"},
                0,
                all,
                0,
                6);
        System.arraycopy(args, 0, all, 6, args.length);
        return new Run(cli.execute(all), err.toString());
    }

    Path privateFile(String content) throws Exception {
        Path file = dir.resolve("eab-keys");
        Files.writeString(file, content);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }

    @Test
    void badLineInTheKeyFileStopsStartUpNamingFileAndLine() throws Exception {
        Path file = privateFile("# keys\nalice AAAA\nbob\n");
        Run run = serve("--eab-required", "--eab-keys", file.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--eab-keys: " + file + " line 3").doesNotContain("Exception");
    }

    @Test
    void missingKeyFileStopsStartUp() {
        Run run = serve("--eab-keys", dir.resolve("missing").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no such file");
    }
}
