package dev.cairn.bench;

import java.util.Locale;
import java.util.Map;

/** What one load run measured; serialised as the {@code --json} file and printed by {@link #summary()}. */
record BenchResult(
        String directory,
        int clients,
        double durationSeconds,
        double elapsedSeconds,
        long certificates,
        double certificatesPerSecond,
        Latency flowLatencyMs,
        Map<String, RequestStats> requests,
        Map<String, Long> errors,
        long badNonceRetries,
        boolean stalled,
        String stallDetail,
        Double clientCpuMsPerCertificate,
        Server server) {

    record Latency(double p50, double p95, double p99) {}

    record RequestStats(long count, double p50Ms, double p99Ms) {}

    /** From /proc/PID: CPU (utime + stime) per certificate and memory. */
    record Server(long pid, double cpuSeconds, Double cpuMsPerCertificate, double peakRssMiB, double vmHwmMiB) {}

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    String summary() {
        StringBuilder s = new StringBuilder();
        s.append(f("Load: %d clients for %.1f s against %s%n", clients, durationSeconds, directory));
        s.append(f("certificates      %d in %.1f s = %.2f/s%n", certificates, elapsedSeconds, certificatesPerSecond));
        s.append(f(
                "flow latency ms   p50 %.1f  p95 %.1f  p99 %.1f%n",
                flowLatencyMs.p50(), flowLatencyMs.p95(), flowLatencyMs.p99()));
        s.append(f("%-17s %8s %9s %9s%n", "request", "count", "p50 ms", "p99 ms"));
        requests.forEach((type, r) -> s.append(f("  %-15s %8d %9.2f %9.2f%n", type, r.count(), r.p50Ms(), r.p99Ms())));
        s.append(f("errors            %d%s%n", errorCount(), errors.isEmpty() ? "" : " " + errors));
        s.append(f("badNonce retried  %d%n", badNonceRetries));
        if (clientCpuMsPerCertificate != null) {
            s.append(f("client CPU        %.2f ms per certificate%n", clientCpuMsPerCertificate));
        }
        if (server != null) {
            s.append(f(
                    "server pid %d     CPU %.2f s = %s ms per certificate; peak RSS %.1f MiB (VmHWM %.1f MiB)%n",
                    server.pid(),
                    server.cpuSeconds(),
                    server.cpuMsPerCertificate() == null ? "n/a" : f("%.2f", server.cpuMsPerCertificate()),
                    server.peakRssMiB(),
                    server.vmHwmMiB()));
        }
        if (stalled) {
            s.append("STALL: ").append(stallDetail).append(System.lineSeparator());
        }
        return s.toString();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
