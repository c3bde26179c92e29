package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that deadlocks (here: every newOrder hangs, as Pebble's handlers do when they take
 * two locks in opposite order) must end in a reported stall, never a hung run.
 */
class LoadGeneratorStallTest {

    @Test
    @Timeout(60) // a guard against the very hang under test, not a speed assertion
    void aServerThatNeverAnswersNewOrderIsReportedAsAStallAndTheRunEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newCachedThreadPool();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext(
                "/dir",
                ex -> reply(
                        ex,
                        200,
                        "{\"newNonce\":\"" + base + "/nonce\",\"newAccount\":\"" + base + "/account\",\"newOrder\":\""
                                + base + "/order\"}"));
        server.createContext("/nonce", ex -> reply(ex, 200, null));
        server.createContext("/account", ex -> {
            ex.getResponseHeaders().add("Location", base + "/account/1");
            reply(ex, 201, "{\"status\":\"valid\"}");
        });
        server.createContext("/order", ex -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.setExecutor(threads);
        server.start();
        try {
            LoadSettings settings = new LoadSettings(
                    URI.create(base + "/dir"),
                    2,
                    Duration.ofSeconds(30),
                    Duration.ofMillis(20),
                    null,
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(1),
                    null);

            BenchResult result = new LoadGenerator(settings, SSLContext.getDefault(), null).run();

            assertThat(result.stalled()).as(result.summary()).isTrue();
            assertThat(result.stallDetail()).contains("no certificate completed");
            assertThat(result.certificates()).isZero();
        } finally {
            release.countDown();
            server.stop(0);
            threads.shutdownNow();
        }
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().add("Replay-Nonce", "bm9uY2Vub25jZW5vbmNlbm9u");
        if (json == null) {
            ex.sendResponseHeaders(status, -1);
        } else {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
        }
        ex.close();
    }
}
