package dev.cairn.challtestsrv;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/**
 * The http-01 responder (RFC 8555 §8.3) of {@code cairn challtestsrv}: serves
 * {@code /.well-known/acme-challenge/{token}} from a map, answers redirects set by path, and
 * records every request. It listens on plain HTTP ({@link #start}), on HTTPS ({@link
 * #startHttps}, {@code -https01}), or both, with the same tokens, redirects and history.
 *
 * <p>It answers like {@code pebble-challtestsrv}'s so that tests written against that one see
 * the same thing: any method gets the key authorization as {@code text/plain; charset=utf-8};
 * an unknown token, or any other path, gets 200 with an empty body (not 404); a redirect is a
 * 302 with the target as {@code Location} and a small HTML body, matched on the exact path
 * (the query is ignored). Redirects are answered over plain HTTP only: over HTTPS the token is
 * served, so that a redirect of a token's path to the same path on https does not loop.
 */
public final class Http01Responder implements AutoCloseable {
    static final String PREFIX = "/.well-known/acme-challenge/";

    /**
     * One request as received. {@code url} is the path and query, {@code host} the Host header
     * (with any port), {@code headers} every header in arrival order (names as sent), {@code
     * https} whether it came over HTTPS and {@code serverName} its SNI host name ("" without).
     */
    public record HttpRequest(
            String url,
            String host,
            String method,
            List<Map.Entry<String, String>> headers,
            boolean https,
            String serverName) {
        public HttpRequest {
            headers = List.copyOf(headers);
        }

        /** The history key: the Host header without its port, lower case. */
        public String hostName() {
            return hostKey(host);
        }
    }

    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final List<HttpRequest> requests = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private Server server;
    private Server httpsServer;

    public Http01Responder() {
        this(Clock.systemUTC());
    }

    /** {@code clock} dates the HTTPS listener's self-signed certificate. */
    public Http01Responder(Clock clock) {
        this.clock = clock;
    }

    /** Starts the plain-HTTP listener. */
    public synchronized Http01Responder start(InetSocketAddress bind) throws Exception {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        server = PlainHttp.start(bind, new Responder(), "cairn-http01");
        return this;
    }

    /** Starts the HTTPS listener ({@code -https01}): the same answers, over TLS with a self-signed certificate. */
    public synchronized Http01Responder startHttps(InetSocketAddress bind) throws Exception {
        if (httpsServer != null) {
            throw new IllegalStateException("already started");
        }
        httpsServer = TlsHttp.start(bind, new Responder(), "cairn-https01", clock.instant());
        return this;
    }

    /** The plain-HTTP listener's port. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the plain-HTTP listener is not started");
        }
        return PlainHttp.port(server);
    }

    public synchronized InetSocketAddress address() {
        return PlainHttp.address(server);
    }

    /** The HTTPS listener's port. */
    public synchronized int httpsPort() {
        if (httpsServer == null) {
            throw new IllegalStateException("the HTTPS listener is not started");
        }
        return PlainHttp.port(httpsServer);
    }

    public void addHttp01(String token, String keyAuthorization) {
        tokens.put(token, keyAuthorization);
    }

    public void deleteHttp01(String token) {
        tokens.remove(token);
    }

    /** Requests for exactly {@code path} get a 302 to {@code targetUrl}. */
    public void addRedirect(String path, String targetUrl) {
        redirects.put(path, targetUrl);
    }

    public void deleteRedirect(String path) {
        redirects.remove(path);
    }

    /** Every request so far, oldest first. */
    public List<HttpRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests whose Host header (without port, any case) is {@code host}. */
    public List<HttpRequest> requests(String host) {
        String k = hostKey(host);
        return requests.stream().filter(r -> r.hostName().equals(k)).toList();
    }

    public void clearRequests(String host) {
        String k = hostKey(host);
        requests.removeIf(r -> r.hostName().equals(k));
    }

    public void clearAll() {
        tokens.clear();
        redirects.clear();
        requests.clear();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            PlainHttp.stop(server);
            server = null;
        }
        if (httpsServer != null) {
            PlainHttp.stop(httpsServer);
            httpsServer = null;
        }
    }

    static String hostKey(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && colon == h.lastIndexOf(':')) {
            h = h.substring(0, colon);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private final class Responder extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            String query = request.getHttpURI().getQuery();
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (HttpField f : request.getHeaders()) {
                headers.add(Map.entry(f.getName(), f.getValue()));
            }
            String host = request.getHeaders().get(HttpHeader.HOST);
            if (host == null) {
                // HTTP/2 carries the host as :authority, which Jetty does not list among the headers
                host = request.getHttpURI().getAuthority();
            }
            boolean https = request.isSecure();
            requests.add(new HttpRequest(
                    query == null ? path : path + "?" + query,
                    host == null ? "" : host,
                    request.getMethod(),
                    headers,
                    https,
                    https ? TlsHttp.serverName(request) : ""));
            String target = https ? null : redirects.get(path);
            if (target != null) {
                response.getHeaders().put(HttpHeader.LOCATION, target);
                PlainHttp.send(
                        response,
                        callback,
                        302,
                        "text/html; charset=utf-8",
                        "<a href=\"" + htmlEscape(target) + "\">Found</a>.\n\n");
                return true;
            }
            String keyAuthorization = path.startsWith(PREFIX) ? tokens.get(path.substring(PREFIX.length())) : null;
            if (keyAuthorization == null) {
                PlainHttp.send(response, callback, 200, null, "");
            } else {
                PlainHttp.send(response, callback, 200, "text/plain; charset=utf-8", keyAuthorization);
            }
            return true;
        }
    }

    private static String htmlEscape(String s) {
        Map<Character, String> map = new LinkedHashMap<>();
        map.put('&', "&amp;");
        map.put('<', "&lt;");
        map.put('>', "&gt;");
        map.put('"', "&#34;");
        map.put('\'', "&#39;");
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(map.getOrDefault(c, String.valueOf(c)));
        }
        return out.toString();
    }
}
