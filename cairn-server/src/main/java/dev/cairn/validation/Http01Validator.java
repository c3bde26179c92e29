package dev.cairn.validation;

import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.ProblemType;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * http-01 (RFC 8555 §8.3; RFC 8738 §4 for IP identifiers).
 *
 * <p>Design note. Jetty's client does the HTTP, but every decision that matters for
 * security is taken here. Names are resolved by a {@link SocketAddressResolver} that asks
 * the VA's {@link DnsClient} (never the JDK's resolver) and applies the anti-SSRF {@link
 * AddressPolicy}; Jetty then tries each address in turn until one connects. Redirects are
 * followed by this class, not by Jetty, so that each target is checked first: http or https
 * only, ports 80, 443 or the configured challenge ports only (Boulder's rule, stricter than
 * Pebble's), at most {@value #MAX_REDIRECTS} of them. HTTPS targets are fetched without
 * certificate checks, as Boulder does: the key authorization is what proves control. The body
 * is capped at {@value #MAX_BODY} bytes while it streams in, and the whole validation, DNS
 * and redirects included, shares one deadline of {@link ValidationConfig#timeout()}. Every
 * request says {@code Connection: close} so that no connection (and no earlier DNS answer)
 * is reused by a later validation. The resolver blocks the thread that sends, which is a VA
 * worker thread, never a Jetty selector.
 */
public final class Http01Validator implements ChallengeValidator, AutoCloseable {
    static final int MAX_REDIRECTS = 10;
    static final int MAX_BODY = 64 * 1024;
    private static final String PATH = "/.well-known/acme-challenge/";
    private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);

    private final ValidationConfig config;
    private final AddressResolution addresses;
    private final HttpClient http;

    public Http01Validator(ValidationConfig config, DnsClient dns) {
        this.config = config;
        this.addresses = new AddressResolution(dns, config.blockPrivateAddresses());
        this.http = newClient(config);
    }

    private HttpClient newClient(ValidationConfig config) {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("cairn-va-http");
        pool.setDaemon(true);
        SslContextFactory.Client tls = new SslContextFactory.Client(true);
        tls.setEndpointIdentificationAlgorithm(null);
        HttpClient client = new HttpClient();
        client.setExecutor(pool);
        client.setScheduler(new ScheduledExecutorScheduler("cairn-va-http-scheduler", true));
        client.setSslContextFactory(tls);
        client.setFollowRedirects(false);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Cairn-VA"));
        client.setConnectTimeout(config.timeout().toMillis());
        client.setDestinationIdleTimeout(config.timeout().toMillis() * 2);
        client.setSocketAddressResolver(this::resolve);
        try {
            client.start();
        } catch (Exception e) {
            // Interrupted while starting (the VA closing): stop what did start, or its threads linger.
            LifeCycle.stop(client);
            throw new IllegalStateException("could not start the VA's HTTP client", e);
        }
        return client;
    }

    @Override
    public ChallengeType type() {
        return ChallengeType.HTTP_01;
    }

    @Override
    public ValidationOutcome validate(ValidationRequest request) {
        try {
            URI first = firstUrl(request);
            String body = fetchFollowingRedirects(
                    first, System.nanoTime() + config.timeout().toNanos());
            return compare(body, first, request.keyAuthorization());
        } catch (ValidationFailure f) {
            return f.toOutcome();
        }
    }

    /** RFC 8555 §8.3: http://{domain}/.well-known/acme-challenge/{token}; RFC 8738 §4: the IP itself. */
    private URI firstUrl(ValidationRequest request) throws ValidationFailure {
        Identifier id = request.identifier();
        String host = id.value();
        if (Identifier.IP.equals(id.type())) {
            // the identifier is already in RFC 5952 form (IdentifierPolicy); the JDK's own text form is not
            AddressPolicy.parseLiteral(host)
                    .orElseThrow(() ->
                            new ValidationFailure(ProblemType.MALFORMED, "'" + id.value() + "' is not an IP address"));
            addresses.resolve(host);
        } else if (!Identifier.DNS.equals(id.type())) {
            throw new ValidationFailure(ProblemType.MALFORMED, "http-01 cannot validate identifier type " + id.type());
        }
        int port = config.http01Port() == 80 ? -1 : config.http01Port();
        try {
            return new URI("http", null, host, port, PATH + request.token(), null, null);
        } catch (URISyntaxException e) {
            throw new ValidationFailure(
                    ProblemType.MALFORMED, "cannot build an http-01 URL for " + id.value() + ": " + e.getMessage());
        }
    }

    private String fetchFollowingRedirects(URI first, long deadline) throws ValidationFailure {
        URI url = first;
        for (int redirects = 0; ; redirects++) {
            Fetched f = fetch(url, deadline);
            if (!REDIRECT_STATUSES.contains(f.status()) || f.location() == null) {
                if (f.status() != 200) {
                    throw new ValidationFailure(
                            ProblemType.UNAUTHORIZED,
                            url.getHost() + " answered " + f.status() + " for " + url
                                    + "; expected 200 with the key authorization");
                }
                if (f.tooLarge()) {
                    throw new ValidationFailure(
                            ProblemType.INCORRECT_RESPONSE,
                            "the body from " + url + " is larger than " + MAX_BODY / 1024 + " KiB; it began \""
                                    + excerpt(f.body()) + "\"");
                }
                return f.body();
            }
            if (redirects == MAX_REDIRECTS) {
                throw new ValidationFailure(
                        ProblemType.CONNECTION,
                        "too many redirects: " + first + " still redirected after " + MAX_REDIRECTS + ", the last to "
                                + f.location());
            }
            url = redirectTarget(url, f.location());
        }
    }

    /** RFC 8555 §10.2 leaves redirect policy to the CA; Cairn follows Boulder's. */
    private URI redirectTarget(URI from, String location) throws ValidationFailure {
        URI to;
        try {
            to = from.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ValidationFailure(ProblemType.CONNECTION, from + " redirected to an unparsable URL: " + location);
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = to.getPort() != -1 ? to.getPort() : "https".equals(scheme) ? 443 : 80;
        Set<Integer> ports = new java.util.TreeSet<>(List.of(80, 443, config.http01Port(), config.tlsAlpn01Port()));
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ValidationFailure(
                    ProblemType.CONNECTION,
                    "refused to follow the redirect from " + from + " to " + to
                            + ": only http and https URLs are followed");
        }
        if (!ports.contains(port) || to.getHost() == null) {
            throw new ValidationFailure(
                    ProblemType.CONNECTION,
                    "refused to follow the redirect from " + from + " to " + to + ": only ports " + ports
                            + " are followed");
        }
        return to;
    }

    private record Fetched(int status, String location, String body, boolean tooLarge) {}

    private Fetched fetch(URI url, long deadline) throws ValidationFailure {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
            throw timedOut(url);
        }
        Request request = http.newRequest(url)
                .method(HttpMethod.GET)
                .timeout(remaining, TimeUnit.MILLISECONDS)
                .headers(h -> h.put(HttpHeader.CONNECTION, "close").put(HttpHeader.ACCEPT, "*/*"));
        Capture capture = new Capture();
        request.send(capture);
        try {
            return capture.result.get(remaining + 250, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw timedOut(url);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            throw new ValidationFailure(ProblemType.SERVER_INTERNAL, "the validation was interrupted");
        } catch (ExecutionException e) {
            throw explain(url, e.getCause());
        }
    }

    private ValidationFailure timedOut(URI url) {
        return new ValidationFailure(
                ProblemType.CONNECTION,
                "no complete answer from " + url + " within " + config.timeout().toMillis() + " ms");
    }

    private ValidationFailure explain(URI url, Throwable t) {
        ValidationFailure ours = ValidationFailure.find(t);
        if (ours != null) {
            return ours;
        }
        if (ValidationFailure.find(t, TimeoutException.class) != null) {
            return timedOut(url);
        }
        ConnectException refused = ValidationFailure.find(t, ConnectException.class);
        if (refused != null) {
            return new ValidationFailure(
                    ProblemType.CONNECTION, "could not connect to " + url + ": " + refused.getMessage());
        }
        SSLException tls = ValidationFailure.find(t, SSLException.class);
        if (tls != null) {
            return new ValidationFailure(ProblemType.TLS, "TLS error talking to " + url + ": " + tls.getMessage());
        }
        return new ValidationFailure(ProblemType.CONNECTION, "fetching " + url + " failed: " + t);
    }

    /** RFC 8555 §8.3: the VA SHOULD ignore trailing whitespace in the body. */
    private static ValidationOutcome compare(String body, URI url, String keyAuthorization) {
        String trimmed = body.replaceFirst("[\\r\\n\\t ]+$", "");
        if (trimmed.equals(keyAuthorization)) {
            return ValidationOutcome.success();
        }
        return ValidationOutcome.failure(
                ProblemType.INCORRECT_RESPONSE,
                "the body of " + url + " was \"" + excerpt(trimmed) + "\"; expected the key authorization \""
                        + keyAuthorization + "\"");
    }

    static String excerpt(String s) {
        String shown = s.length() > 100 ? s.substring(0, 100) + "…" : s;
        StringBuilder b = new StringBuilder();
        shown.codePoints()
                .forEach(c ->
                        b.append(Character.isISOControl(c) ? "\\x" + Integer.toHexString(c) : Character.toString(c)));
        return b.toString();
    }

    private void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        try {
            promise.succeeded(addresses.resolve(host).stream()
                    .map(a -> new InetSocketAddress(a, port))
                    .toList());
        } catch (ValidationFailure f) {
            promise.failed(f);
        } catch (RuntimeException e) {
            promise.failed(e);
        }
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the VA's HTTP client", e);
        }
    }

    /** Collects status, Location and at most MAX_BODY bytes (plus one, to notice more). */
    private static final class Capture implements Response.Listener {
        final CompletableFuture<Fetched> result = new CompletableFuture<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private volatile boolean tooLarge;

        @Override
        public void onContent(Response response, ByteBuffer content) {
            int room = MAX_BODY - body.size();
            int n = Math.min(room, content.remaining());
            byte[] chunk = new byte[n];
            content.get(chunk);
            body.writeBytes(chunk);
            if (content.hasRemaining()) {
                tooLarge = true;
                response.abort(new BodyTooLarge());
            }
        }

        @Override
        public void onComplete(Result r) {
            Response response = r.getResponse();
            if (r.isFailed() && !(tooLarge && ValidationFailure.find(r.getFailure(), BodyTooLarge.class) != null)) {
                result.completeExceptionally(r.getFailure());
                return;
            }
            String location = response.getHeaders().get(HttpHeader.LOCATION);
            result.complete(
                    new Fetched(response.getStatus(), location, body.toString(StandardCharsets.UTF_8), tooLarge));
        }
    }

    private static final class BodyTooLarge extends Exception {
        BodyTooLarge() {
            super("body too large", null, false, false);
        }
    }
}
