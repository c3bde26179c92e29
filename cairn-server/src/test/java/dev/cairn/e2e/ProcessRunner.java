package dev.cairn.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external client command to completion within a bounded time.
 *
 * <p>Output goes to files rather than pipes so a chatty client can never block on a full pipe
 * buffer while we wait for it. On timeout the process and everything it started are killed, and
 * the failure message carries the command, its exit status and everything it printed.
 */
final class ProcessRunner {
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(120);

    private ProcessRunner() {}

    record Result(List<String> command, int exitCode, boolean timedOut, String stdout, String stderr) {
        String describe() {
            return "command: " + String.join(" ", command)
                    + (timedOut ? "\nKILLED after timeout" : "\nexit code: " + exitCode)
                    + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr;
        }
    }

    /** Runs the command and fails the test with its full output unless it exits with status 0. */
    static Result runSuccessfully(List<String> command, Map<String, String> env, Path logDir) {
        Result result = run(command, env, logDir, CLIENT_TIMEOUT);
        if (result.timedOut() || result.exitCode() != 0) {
            throw new AssertionError("client run failed\n" + result.describe());
        }
        return result;
    }

    static Result run(List<String> command, Map<String, String> env, Path logDir, Duration timeout) {
        try {
            Files.createDirectories(logDir);
            Path out = Files.createTempFile(logDir, "stdout-", ".log");
            Path err = Files.createTempFile(logDir, "stderr-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().putAll(env);
            Process process = builder.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                if (process.isAlive()) {
                    kill(process);
                }
            }
            return new Result(
                    List.copyOf(command),
                    finished ? process.exitValue() : -1,
                    !finished,
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Kills the process and its descendants, waiting a bounded time for them to go. */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }
}
