package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Runs C virtual clients against one ACME server for a fixed time and measures it.
 *
 * <p>Design note. Phases: every worker creates its account (untimed), then all start
 * together; at the deadline they start no new flow and finish the one in hand, so every
 * request the server served in the timed window belongs to a certificate or to a counted
 * error, and the server's CPU is read at the start and after the last worker ends. A monitor
 * thread watches progress: no certificate for {@code stallAfter} while workers run is a stall
 * (Pebble deadlocks under 8 to 16 parallel clients); the run is then stopped by interrupting
 * the workers, which also closes their connections so that a request blocked in a read fails at
 * once; a worker that still does not end is abandoned (daemon threads), so the run always ends
 * within about {@code stallAfter} plus a few seconds.
 */
public final class LoadGenerator {
    private static final Duration JOIN_GRACE = Duration.ofSeconds(5);

    private final LoadSettings settings;
    private final SSLContext tls;
    private final PrintStream progress;
    private final ObjectMapper json = new ObjectMapper();

    LoadGenerator(LoadSettings settings, SSLContext tls, PrintStream progress) {
        this.settings = settings;
        this.tls = tls;
        this.progress = progress;
    }

    BenchResult run() throws IOException, InterruptedException {
        BenchClient.Directory directory = directory();
        P256 crypto = P256.fastest();
        if (progress != null) {
            progress.println("client crypto: " + crypto.description());
        }
        Tally tally = new Tally();
        List<Recorder> recorders = new ArrayList<>();
        List<Worker> workers = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(settings.clients());
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < settings.clients(); i++) {
            Recorder recorder = new Recorder();
            recorders.add(recorder);
            BenchClient client = new BenchClient(
                    new BenchHttp(tls, settings.requestTimeout()),
                    crypto,
                    directory,
                    settings,
                    recorder,
                    tally,
                    json,
                    new SecureRandom(),
                    i);
            workers.add(new Worker(client, tally, ready, go, i));
        }
        workers.forEach(Thread::start);
        String setupStall = awaitAccounts(ready);
        ProcessProbe server = settings.serverPid() == null ? null : new ProcessProbe(settings.serverPid());
        ProcessProbe self = new ProcessProbe(ProcessHandle.current().pid());
        long serverTicks0 = server == null ? 0 : server.cpuTicks();
        long selfTicks0 = self.cpuTicks();
        if (server != null) {
            server.startSampling();
        }
        long start = System.nanoTime();
        long deadline = start + settings.duration().toNanos();
        for (Worker w : workers) {
            w.deadline = deadline;
        }
        tally.progressMark();
        go.countDown();
        String stall = setupStall != null ? setupStall : monitor(workers, tally, deadline);
        if (stall != null) {
            workers.forEach(Thread::interrupt);
        }
        joinAll(workers);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long certs = tally.certificates();
        Double clientCpu = certs == 0 ? null : ticksToMs(self.cpuTicks() - selfTicks0) / certs;
        BenchResult.Server serverResult = null;
        if (server != null) {
            try (server) {
                double cpuMs = ticksToMs(server.cpuTicks() - serverTicks0);
                serverResult = new BenchResult.Server(
                        server.pid(),
                        cpuMs / 1000,
                        certs == 0 ? null : cpuMs / certs,
                        server.peakRssKb() / 1024.0,
                        server.statusKb("VmHWM") / 1024.0);
            }
        }
        return result(recorders, tally, elapsed, stall != null, stall, clientCpu, serverResult);
    }

    private BenchClient.Directory directory() throws IOException {
        BenchHttp.Response r;
        try (BenchHttp http = new BenchHttp(tls, settings.requestTimeout())) {
            r = http.get(settings.directory());
        }
        if (r.status() != 200) {
            throw new IOException("the directory " + settings.directory() + " answered " + r.status());
        }
        JsonNode d = json.readTree(r.body());
        return new BenchClient.Directory(
                d.path("newNonce").asText(),
                d.path("newAccount").asText(),
                d.path("newOrder").asText());
    }

    /** Null when every account exists; else why setup stalled. */
    private String awaitAccounts(CountDownLatch ready) throws InterruptedException {
        long limit = settings.stallAfter().toMillis() + 50L * settings.clients();
        if (!ready.await(limit, TimeUnit.MILLISECONDS)) {
            return "only " + (settings.clients() - ready.getCount()) + " of " + settings.clients()
                    + " accounts were created within " + limit + " ms";
        }
        return null;
    }

    /** Null when the run ended normally; else the stall. */
    private String monitor(List<Worker> workers, Tally tally, long deadline) throws InterruptedException {
        long stallNanos = settings.stallAfter().toNanos();
        long lastReport = System.nanoTime();
        while (workers.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(100);
            long now = System.nanoTime();
            if (now - tally.lastCertificateNanos() > stallNanos) {
                return String.format(
                        java.util.Locale.ROOT,
                        "no certificate completed for %d s while %d clients were running (%s); run stopped",
                        settings.stallAfter().toSeconds(),
                        workers.stream().filter(Thread::isAlive).count(),
                        now < deadline ? "during the timed phase" : "while finishing the last flows");
            }
            if (progress != null && now - lastReport > 10_000_000_000L && now < deadline) {
                progress.printf("  %d certificates so far%n", tally.certificates());
                lastReport = now;
            }
        }
        return null;
    }

    private static void joinAll(List<Worker> workers) throws InterruptedException {
        long until = System.nanoTime() + JOIN_GRACE.toNanos();
        for (Worker w : workers) {
            long left = until - System.nanoTime();
            if (left > 0) {
                w.join(Math.max(1, left / 1_000_000));
            }
        }
    }

    private static double ticksToMs(long ticks) {
        return ticks * 1000.0 / CLOCK_TICKS;
    }

    private static final long CLOCK_TICKS = ProcessProbe.clockTicksPerSecond();

    private BenchResult result(
            List<Recorder> recorders,
            Tally tally,
            double elapsed,
            boolean stalled,
            String stall,
            Double clientCpu,
            BenchResult.Server server) {
        Map<RequestType, Recorder.Samples> requests = new EnumMap<>(RequestType.class);
        Recorder.Samples flows = new Recorder.Samples();
        recorders.forEach(r -> r.mergeInto(requests, flows));
        Map<String, BenchResult.RequestStats> perType = new LinkedHashMap<>();
        requests.forEach((type, s) -> perType.put(
                type.label(), new BenchResult.RequestStats(s.size(), s.percentileMillis(50), s.percentileMillis(99))));
        long certs = tally.certificates();
        return new BenchResult(
                settings.directory().toString(),
                settings.clients(),
                settings.duration().toMillis() / 1000.0,
                elapsed,
                certs,
                certs / elapsed,
                new BenchResult.Latency(
                        flows.percentileMillis(50), flows.percentileMillis(95), flows.percentileMillis(99)),
                perType,
                tally.errors(),
                tally.badNonceRetries(),
                stalled,
                stall,
                clientCpu,
                server);
    }

    static void writeJson(BenchResult result, Path file) throws IOException {
        Files.write(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
    }

    /** One virtual client's thread: account first, then flows until the deadline. */
    private static final class Worker extends Thread {
        private final BenchClient client;
        private final Tally tally;
        private final CountDownLatch ready;
        private final CountDownLatch go;
        volatile long deadline;

        Worker(BenchClient client, Tally tally, CountDownLatch ready, CountDownLatch go, int index) {
            super("bench-client-" + index);
            setDaemon(true);
            this.client = client;
            this.tally = tally;
            this.ready = ready;
            this.go = go;
        }

        /** Stops the client also when it is blocked in a read: its connections are closed. */
        @Override
        public void interrupt() {
            super.interrupt();
            client.close();
        }

        @Override
        public void run() {
            try {
                createAccount();
                go.await();
                while (System.nanoTime() < deadline && !isInterrupted()) {
                    try {
                        client.issueOne();
                    } catch (BenchFailure f) {
                        tally.error(f.kind());
                        Thread.sleep(10); // a failing server should not turn the client into a busy loop
                    }
                }
            } catch (InterruptedException stopped) {
                // a stall: the monitor stopped the run
            } finally {
                client.close();
            }
        }

        private void createAccount() throws InterruptedException {
            for (int attempt = 0; ; attempt++) {
                try {
                    client.createAccount();
                    ready.countDown();
                    return;
                } catch (BenchFailure f) {
                    tally.error("setup:" + f.kind());
                    if (attempt == 2) {
                        throw new InterruptedException("no account: " + f.getMessage());
                    }
                }
            }
        }
    }
}
