package dev.cairn.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An http-01 responder on loopback, as an applicant's web server would be (RFC 8555 §8.3). */
public final class Http01Responder implements AutoCloseable {
    private static final String PREFIX = "/.well-known/acme-challenge/";
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final HttpServer server;

    public Http01Responder() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String token = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
            hits.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
            String body = tokens.get(token);
            byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void put(String token, String keyAuthorization) {
        tokens.put(token, keyAuthorization);
    }

    /** How many validation requests asked for this token. */
    public int hits(String token) {
        AtomicInteger n = hits.get(token);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
