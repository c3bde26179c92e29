package dev.cairn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The EAB key store and the {@code --eab-keys} file format. */
class EabKeysTest {
    @TempDir
    Path dir;

    Path keyFile(String content) throws Exception {
        Path file = dir.resolve("eab-keys");
        Files.writeString(file, content);
        if (posix()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    @Test
    void fileReadsOneKeyPerLineAndSkipsCommentsAndBlankLines() throws Exception {
        Path file = keyFile("""
                # issued 2025-01-01
                alice  zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W

                \tbob\tAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8   \s
                   # indented comment
                """);
        assertThat(EabKeys.readFile(file))
                .containsExactly(
                        Map.entry("alice", "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W"),
                        Map.entry("bob", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"));
    }

    @Test
    void lineWithOneFieldIsAStartUpErrorNamingTheLine() throws Exception {
        Path file = keyFile("# comment\nalice AAAA\nbob\n");
        assertThatThrownBy(() -> EabKeys.readFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + " line 3")
                .hasMessageContaining("keyId base64urlKey");
    }

    @Test
    void lineWithThreeFieldsIsAStartUpError() throws Exception {
        Path file = keyFile("alice AAAA extra\n");
        assertThatThrownBy(() -> EabKeys.readFile(file))
                .hasMessageContaining("line 1")
                .hasMessageContaining("3 fields");
    }

    @Test
    void keyThatIsNotBase64UrlIsAStartUpErrorThatDoesNotEchoTheKey() throws Exception {
        Path file = keyFile("alice a+b/c=secret*\n");
        assertThatThrownBy(() -> EabKeys.readFile(file))
                .hasMessageContaining("line 1")
                .hasMessageContaining("base64url")
                .hasMessageNotContaining("secret");
    }

    @Test
    void keyIdThatAppearsTwiceIsAStartUpError() throws Exception {
        Path file = keyFile("alice AAAA\nalice BBBB\n");
        assertThatThrownBy(() -> EabKeys.readFile(file))
                .hasMessageContaining("line 2")
                .hasMessageContaining("twice");
    }

    @Test
    void worldReadableFileIsRefused() throws Exception {
        assumeTrue(posix());
        Path file = keyFile("alice AAAA\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> EabKeys.readFile(file)).hasMessageContaining("chmod 600");
    }

    @Test
    void missingFileIsAStartUpError() {
        assertThatThrownBy(() -> EabKeys.readFile(dir.resolve("nope")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void keysAreAddedOnceAndListedByIdOnly() {
        EabKeys keys = new EabKeys(false);
        assertThat(keys.add("b", "AAAA")).isEqualTo(EabKeys.Added.ADDED);
        assertThat(keys.add("a", "AQID")).isEqualTo(EabKeys.Added.ADDED);
        assertThat(keys.add("a", "AQID")).isEqualTo(EabKeys.Added.UNCHANGED);
        assertThat(keys.add("a", "AQIE")).isEqualTo(EabKeys.Added.CONFLICT);
        assertThat(keys.kids()).containsExactly("a", "b");
        assertThat(keys.key("a")).hasValueSatisfying(k -> assertThat(k).containsExactly(1, 2, 3));
        assertThat(keys.key("c")).isEmpty();
        assertThat(keys.toString()).doesNotContain("AQID");
    }

    @Test
    void emptyKeyOrBadKeyIdIsRefused() {
        EabKeys keys = new EabKeys(false);
        assertThatThrownBy(() -> keys.add("a", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.add("with space", "AAAA")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.add("", "AAAA")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutSingleUseEveryClaimSucceeds() {
        EabKeys keys = new EabKeys(false);
        assertThat(keys.claim("a", "acct1")).isTrue();
        assertThat(keys.claim("a", "acct2")).isTrue();
    }

    @Test
    void singleUseClaimGoesToExactlyOneOfManyConcurrentAccounts() throws Exception {
        EabKeys keys = new EabKeys(true);
        keys.add("a", "AAAA");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger winners = new AtomicInteger();
            Future<?>[] tasks = new Future<?>[32];
            for (int i = 0; i < tasks.length; i++) {
                String account = "acct" + i;
                tasks[i] = pool.submit(() -> {
                    go.await();
                    if (keys.claim("a", account)) {
                        winners.incrementAndGet();
                    }
                    return null;
                });
            }
            go.countDown();
            for (Future<?> t : tasks) {
                t.get(10, TimeUnit.SECONDS);
            }
            assertThat(winners).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void releasedSingleUseClaimCanBeTakenAgainButOnlyByItsHolderReleasing() {
        EabKeys keys = new EabKeys(true);
        assertThat(keys.claim("a", "acct1")).isTrue();
        keys.release("a", "acct2");
        assertThat(keys.claim("a", "acct3")).isFalse();
        keys.release("a", "acct1");
        assertThat(keys.claim("a", "acct3")).isTrue();
        assertThat(keys.boundAccount("a")).hasValue("acct3");
    }
}
