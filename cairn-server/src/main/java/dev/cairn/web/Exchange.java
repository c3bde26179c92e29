package dev.cairn.web;

import dev.cairn.protocol.AcmeProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * One HTTP request and its response, as the endpoint handlers see it. Only {@code web} knows HTTP.
 * Just before the answer is written, the {@link ConformanceTap} sees the request, its {@link
 * ClientNotes} and the answer's headers.
 */
final class Exchange {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final ConformanceTap tap;
    private final ClientNotes notes;
    private static final int DRAIN_LIMIT = 1 << 20;

    private final boolean mayWait;
    private boolean sent;
    private boolean bodyConsumed;
    private byte[] received;

    /**
     * {@code mayWait}: whether this thread may block on the request body. False on a selector
     * thread ({@link AcmeHandler#handleWithoutWaiting}), where the body is never read and the
     * unread rest is discarded only as far as it has arrived.
     */
    Exchange(Request request, Response response, Callback callback, ConformanceTap tap, boolean mayWait) {
        this.mayWait = mayWait;
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.tap = tap;
        this.notes = tap.begin();
    }

    ClientNotes notes() {
        return notes;
    }

    /** The client's IP address, for violations that cannot be attributed to an account. */
    String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    String method() {
        return request.getMethod();
    }

    String path() {
        return request.getHttpURI().getPath();
    }

    /** Path and query exactly as requested, for the JWS {@code url} comparison (RFC 8555 §6.4). */
    String pathAndQuery() {
        String pq = request.getHttpURI().getPathQuery();
        return pq == null ? path() : pq;
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    boolean isPost() {
        return "POST".equals(method());
    }

    /** Reads the whole body, refusing more than {@code limit} bytes with 413. */
    byte[] body(int limit) {
        long declared = request.getLength();
        if (declared > limit) {
            throw tooLarge(declared, limit);
        }
        try {
            InputStream in = Content.Source.asInputStream(request);
            byte[] body = declared >= 0 ? exactly((int) declared, in) : in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw tooLarge(-1, limit);
            }
            bodyConsumed = true;
            received = body;
            return body;
        } catch (IOException e) {
            throw AcmeProblem.malformed("The request body could not be read: " + e.getMessage());
        }
    }

    /** The declared number of bytes, read into one array of that size; EOF early is malformed. */
    private static byte[] exactly(int declared, InputStream in) throws IOException {
        byte[] body = new byte[declared];
        int read = in.readNBytes(body, 0, declared);
        if (read < declared) {
            throw new IOException("the body ended after " + read + " of the " + declared + " bytes declared");
        }
        return body;
    }

    /**
     * An answer sent before the request body was read (415, 405, 413, …) would make Jetty
     * reset the HTTP/2 stream, and some clients (the JDK's since 21) then drop the answer.
     * So the rest of the body is read and discarded first, up to a bound; past it the stream is
     * reset, which is the right answer to an endless upload. A request without a body costs one
     * read that finds its end. Where the thread may not wait, only what has arrived is discarded
     * and Jetty deals with the rest (it closes an HTTP/1.1 connection whose body is unread).
     */
    private void drainUnreadBody() {
        if (bodyConsumed) {
            return;
        }
        bodyConsumed = true;
        try {
            long total = 0;
            while (total < DRAIN_LIMIT) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    if (!mayWait) {
                        return;
                    }
                    try (Blocker.Runnable arrived = Blocker.runnable()) {
                        request.demand(arrived);
                        arrived.block();
                    }
                    continue;
                }
                total += chunk.remaining();
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // nothing more to read, or the client went away: either way the answer can go
        }
    }

    private static AcmeProblem tooLarge(long declared, int limit) {
        return AcmeProblem.malformed("The request body" + (declared > 0 ? " of " + declared + " bytes" : "")
                        + " is larger than the " + limit + "-byte limit; ACME requests are small JWS objects")
                .withStatus(413);
    }

    /**
     * The body for telling who sent a request that failed before the pipeline read it (or the
     * body it did read); null when there is none or it cannot be read within {@code limit}.
     */
    byte[] bodyForAttribution(int limit) {
        if (received != null || bodyConsumed || !isPost()) {
            return received;
        }
        try {
            return body(limit);
        } catch (AcmeProblem e) {
            return null;
        }
    }

    String responseHeader(String name) {
        return response.getHeaders().get(name);
    }

    List<String> responseHeaders(String name) {
        return response.getHeaders().getValuesList(name);
    }

    void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    void addHeader(String name, String value) {
        response.getHeaders().add(name, value);
    }

    boolean sent() {
        return sent;
    }

    void send(int status, String contentType, byte[] body) {
        sent = true;
        tap.beforeSend(this);
        drainUnreadBody();
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = "HEAD".equals(method());
        response.write(true, head || body.length == 0 ? null : ByteBuffer.wrap(body), callback);
    }
}
