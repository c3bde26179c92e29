package dev.cairn.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The load generator's HTTP/1.1 client: one persistent connection per origin (TLS for https,
 * plain TCP for http), owned by one virtual client, used by one thread, blocking.
 *
 * <p>Design note. The load generator shares the machine's two cores with the server it
 * measures, so every microsecond it spends is one the server may lack. The JDK's {@code
 * java.net.http} client hands each exchange between the caller, a selector thread and an
 * executor (wake-ups through an eventfd, a timer per request, futures), and writes a request's
 * headers and body as two TLS records: profiled under load (2026-11-29) that machinery was about
 * 40 % of the generator's CPU. Here a request is built as one byte array and written with one
 * call (one TLS record, one system call), and the response is read on the calling thread:
 * status line, headers, then a body delimited by {@code Content-Length}, chunked coding or the
 * end of the connection (RFC 9112 §6.3). A kept-alive connection the server closed while idle
 * fails its next exchange before any answer; that exchange is sent once more on a new
 * connection, as browsers and {@code java.net.http} do. The request timeout bounds connecting
 * and each read, not the exchange as a whole. {@link #close} may come from another thread: it
 * closes the sockets, so an exchange blocked in a read fails at once (how a stalled run stops).
 */
final class BenchHttp implements Closeable {
    private static final int MAX_HEADER_LINE = 16 * 1024;
    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final SSLContext tls;
    private final int timeoutMillis;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    BenchHttp(SSLContext tls, Duration requestTimeout) {
        this.tls = tls;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, requestTimeout.toMillis()));
    }

    /** A response: status, the first value of each header (names in lower case) and the body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    Response get(URI url) throws IOException {
        return exchange("GET", url, null, null);
    }

    Response head(URI url) throws IOException {
        return exchange("HEAD", url, null, null);
    }

    Response post(URI url, String contentType, byte[] body) throws IOException {
        return exchange("POST", url, contentType, body);
    }

    private Response exchange(String method, URI url, String contentType, byte[] body) throws IOException {
        boolean secure = "https".equalsIgnoreCase(url.getScheme());
        if (!(secure || "http".equalsIgnoreCase(url.getScheme())) || url.getHost() == null) {
            throw new IOException("not an http(s) URL: " + url);
        }
        int port = url.getPort() != -1 ? url.getPort() : secure ? 443 : 80;
        String origin = (secure ? "https://" : "http://") + url.getHost() + ":" + port;
        byte[] request = request(method, url, contentType, body);
        Connection c = connections.get(origin);
        if (c != null) {
            try {
                return c.exchange(request, method);
            } catch (StaleConnection stale) {
                connections.remove(origin);
                c.close();
            } catch (IOException e) {
                connections.remove(origin);
                c.close();
                throw e;
            }
        }
        c = new Connection(open(url.getHost(), port, secure));
        connections.put(origin, c);
        try {
            return c.exchange(request, method);
        } catch (IOException e) {
            connections.remove(origin);
            c.close();
            throw e;
        }
    }

    private static byte[] request(String method, URI url, String contentType, byte[] body) {
        String target = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            target += "?" + url.getRawQuery();
        }
        StringBuilder head = new StringBuilder(160)
                .append(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort())
                .append("\r\n")
                .append("User-Agent: ")
                .append(LoadSettings.USER_AGENT)
                .append("\r\n");
        if (body != null) {
            head.append("Content-Type: ")
                    .append(contentType)
                    .append("\r\n")
                    .append("Content-Length: ")
                    .append(body.length)
                    .append("\r\n");
        }
        byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return h;
        }
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    private Socket open(String host, int port, boolean secure) throws IOException {
        Socket s = secure ? tls.getSocketFactory().createSocket() : new Socket();
        try {
            s.setTcpNoDelay(true);
            if (s instanceof SSLSocket ssl) {
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
            }
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            if (s instanceof SSLSocket ssl) {
                ssl.startHandshake();
            }
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public void close() {
        connections.values().forEach(Connection::close);
        connections.clear();
    }

    /** A kept-alive connection that failed before any byte of the answer: send again on a new one. */
    private static final class StaleConnection extends IOException {
        StaleConnection(Throwable cause) {
            super(cause);
        }
    }

    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean used;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            this.out = socket.getOutputStream();
        }

        Response exchange(byte[] request, String method) throws IOException {
            boolean reused = used;
            used = true;
            int first;
            try {
                out.write(request);
                out.flush();
                first = in.read();
                if (first == -1) {
                    throw new EOFException("the server closed the connection without answering");
                }
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                throw reused ? new StaleConnection(e) : e;
            }
            ParsedResponse r = read(in, first, method);
            if (r.close()) {
                close();
            }
            return r.response();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is best effort: the connection is dropped either way
            }
        }
    }

    /** A response and whether the connection must be closed after it. */
    record ParsedResponse(Response response, boolean close) {}

    /**
     * Reads one response from {@code in}, whose first byte was already read as {@code first}
     * (-1: not read yet). Interim 1xx responses are skipped.
     */
    static ParsedResponse read(InputStream in, int first, String method) throws IOException {
        String statusLine = line(in, first);
        while (true) {
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x status line: " + statusLine);
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad status code: " + statusLine);
            }
            Map<String, String> headers = headers(in);
            if (status >= 100 && status < 200) {
                statusLine = line(in, -1);
                continue;
            }
            boolean close = parts[0].equals("HTTP/1.0")
                    ? !"keep-alive".equalsIgnoreCase(headers.getOrDefault("connection", ""))
                    : "close".equalsIgnoreCase(headers.getOrDefault("connection", ""));
            byte[] body;
            String transfer = headers.get("transfer-encoding");
            String length = headers.get("content-length");
            if (method.equals("HEAD") || status == 204 || status == 304) {
                body = new byte[0];
            } else if (transfer != null && transfer.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = chunked(in);
            } else if (length != null) {
                body = fixed(in, contentLength(length));
            } else {
                body = untilEnd(in);
                close = true;
            }
            return new ParsedResponse(new Response(status, headers, body), close);
        }
    }

    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (String line = line(in, -1); !line.isEmpty(); line = line(in, -1)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad header line: " + line);
            }
            headers.putIfAbsent(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        return headers;
    }

    private static int contentLength(String value) throws IOException {
        try {
            long n = Long.parseLong(value.trim());
            if (n < 0 || n > MAX_BODY) {
                throw new IOException("Content-Length out of range: " + value);
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length: " + value);
        }
    }

    private static byte[] fixed(InputStream in, int length) throws IOException {
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("the body ended after " + body.length + " of " + length + " bytes");
        }
        return body;
    }

    /** RFC 9112 §7.1: hexadecimal sizes (extensions ignored), a zero-size last chunk, trailers. */
    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in, -1);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + sizeLine);
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY) {
                throw new IOException("chunked body too large");
            }
            if (size == 0) {
                headers(in); // trailers, up to the empty line
                return body.toByteArray();
            }
            body.write(fixed(in, size));
            if (!line(in, -1).isEmpty()) {
                throw new IOException("a chunk is longer than its size");
            }
        }
    }

    private static byte[] untilEnd(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IOException("body too large");
        }
        return body;
    }

    /** One line without its CRLF (a bare LF is accepted), in ISO-8859-1. */
    private static String line(InputStream in, int first) throws IOException {
        StringBuilder s = new StringBuilder(64);
        int b = first == -1 ? in.read() : first;
        while (b != '\n') {
            if (b == -1) {
                throw new EOFException("the connection ended inside a line");
            }
            if (s.length() >= MAX_HEADER_LINE) {
                throw new IOException("line longer than " + MAX_HEADER_LINE + " bytes");
            }
            s.append((char) b);
            b = in.read();
        }
        int end = s.length();
        return end > 0 && s.charAt(end - 1) == '\r' ? s.substring(0, end - 1) : s.toString();
    }
}
