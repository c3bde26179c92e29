package dev.cairn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a process's CPU time and memory from Linux's {@code /proc}: utime + stime from
 * {@code /proc/PID/stat} (fields 14 and 15, in clock ticks) and VmRSS / VmHWM from
 * {@code /proc/PID/status}. The peak RSS of a run is sampled every 100 ms, so a spike shorter
 * than that can be missed; VmHWM, the kernel's own high-water mark since the process started,
 * cannot miss it but includes start-up.
 */
final class ProcessProbe implements AutoCloseable {
    private final long pid;
    private final AtomicLong peakRssKb = new AtomicLong();
    private ScheduledExecutorService sampler;

    ProcessProbe(long pid) {
        this.pid = pid;
    }

    long pid() {
        return pid;
    }

    /** utime + stime in clock ticks. */
    long cpuTicks() {
        String stat = read(Path.of("/proc", pidText(), "stat"));
        // The command name (field 2) is in parentheses and may contain spaces: count after it.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** A {@code kB} line of /proc/PID/status, such as VmRSS or VmHWM; -1 when absent. */
    long statusKb(String field) {
        for (String line : read(Path.of("/proc", pidText(), "status")).split("\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(
                        line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        return -1;
    }

    void startSampling() {
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-rss-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(
                () -> {
                    try {
                        peakRssKb.accumulateAndGet(statusKb("VmRSS"), Math::max);
                    } catch (RuntimeException gone) {
                        // the process ended; the stall or error report says why
                    }
                },
                0,
                100,
                TimeUnit.MILLISECONDS);
    }

    long peakRssKb() {
        return peakRssKb.get();
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    private String pidText() {
        return Long.toString(pid);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The kernel's USER_HZ, normally 100; asked of getconf once. */
    static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return p.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
