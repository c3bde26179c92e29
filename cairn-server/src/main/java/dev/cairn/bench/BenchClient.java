package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * One virtual ACME client: its own P-256 account, running the whole issuance flow over and
 * over on its own connection ({@link BenchHttp}). Lean by construction: JWS are built as
 * strings and signed with {@link P256}; the {@code Replay-Nonce} of each response signs the
 * next request, so newNonce is asked only at the start and after a response without one; a
 * {@code badNonce} answer is retried with the nonce it carries (RFC 8555 §6.5).
 */
final class BenchClient implements AutoCloseable {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final int BAD_NONCE_RETRIES = 3;
    private static final Duration POLL_GIVE_UP = Duration.ofSeconds(60);

    private final BenchHttp http;
    private final P256 crypto;
    private final Directory directory;
    private final LoadSettings settings;
    private final Recorder recorder;
    private final Tally tally;
    private final ObjectMapper json;
    private final SecureRandom random;
    private final String namePrefix;
    private final P256.Key accountKey;
    private String kid;
    private String nonce;
    private long flows;

    record Directory(String newNonce, String newAccount, String newOrder) {}

    BenchClient(
            BenchHttp http,
            P256 crypto,
            Directory directory,
            LoadSettings settings,
            Recorder recorder,
            Tally tally,
            ObjectMapper json,
            SecureRandom random,
            int worker) {
        this.http = http;
        this.crypto = crypto;
        this.directory = directory;
        this.settings = settings;
        this.recorder = recorder;
        this.tally = tally;
        this.json = json;
        this.random = random;
        this.namePrefix = "w" + worker + "-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "-";
        this.accountKey = crypto.generate(random);
    }

    void createAccount() throws BenchFailure, InterruptedException {
        Reply r = post(RequestType.NEW_ACCOUNT, directory.newAccount(), "{\"termsOfServiceAgreed\":true}", true);
        kid = r.header("Location").orElseThrow(() -> new BenchFailure("no-location", "newAccount gave no Location"));
    }

    /** newOrder → authz → challenge → poll authz → finalize → poll order → certificate. */
    void issueOne() throws BenchFailure, InterruptedException {
        long start = System.nanoTime();
        String name = namePrefix + (flows++) + ".test";
        Reply order = post(
                RequestType.NEW_ORDER,
                directory.newOrder(),
                "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"" + name + "\"}]}",
                false);
        String orderUrl = order.header("Location").orElseThrow(() -> new BenchFailure("no-location", "newOrder"));
        JsonNode orderBody = order.json();
        String authzUrl = orderBody.path("authorizations").path(0).asText();
        String finalizeUrl = orderBody.path("finalize").asText();
        Reply authz = post(RequestType.AUTHZ, authzUrl, "", false);
        if (!"valid".equals(authz.json().path("status").asText())) {
            Reply challenge = post(RequestType.CHALLENGE, http01Url(authz.json()), "{}", false);
            // A challenge that is valid already makes its authorization valid: fetch it at once.
            boolean done = "valid".equals(challenge.json().path("status").asText());
            pollUntil(RequestType.AUTHZ_POLL, authzUrl, challenge, "valid", start, done);
        }
        String csr = B64.encodeToString(crypto.generate(random).csr(name));
        Reply finalized = post(RequestType.FINALIZE, finalizeUrl, "{\"csr\":\"" + csr + "\"}", false);
        Reply done = "valid".equals(finalized.json().path("status").asText())
                ? finalized
                : pollUntil(RequestType.ORDER_POLL, orderUrl, finalized, "valid", start, false);
        String certificateUrl = done.json().path("certificate").asText();
        Reply certificate = post(RequestType.CERTIFICATE, certificateUrl, "", false);
        if (!new String(certificate.body, StandardCharsets.US_ASCII).startsWith("-----BEGIN CERTIFICATE-----")) {
            throw new BenchFailure("bad-certificate", "the certificate download is not PEM");
        }
        long elapsed = System.nanoTime() - start;
        recorder.flow(elapsed);
        tally.certificateIssued();
    }

    private String http01Url(JsonNode authz) throws BenchFailure {
        for (JsonNode c : authz.path("challenges")) {
            if ("http-01".equals(c.path("type").asText())) {
                return c.path("url").asText();
            }
        }
        throw new BenchFailure("no-http-01", "the authorization offers no http-01 challenge");
    }

    /**
     * POST-as-GET {@code url} until its status is {@code wanted}, waiting max(Retry-After of the
     * previous reply, min-poll) between requests, capped at max-poll when one is set; the first
     * request without waiting when {@code now}.
     */
    private Reply pollUntil(RequestType type, String url, Reply previous, String wanted, long flowStart, boolean now)
            throws BenchFailure, InterruptedException {
        Reply last = previous;
        for (boolean wait = !now; ; wait = true) {
            if (wait) {
                Thread.sleep(settings.pollDelay(last.retryAfter()).toMillis());
            }
            last = post(type, url, "", false);
            String status = last.json().path("status").asText();
            if (wanted.equals(status)) {
                return last;
            }
            if ("invalid".equals(status)) {
                JsonNode error = last.json().path("error");
                if (error.isMissingNode()) {
                    error = last.json().path("challenges").path(0).path("error");
                }
                throw new BenchFailure(
                        type.label() + "-invalid:"
                                + shortType(error.path("type").asText("none")),
                        last.json().toString());
            }
            if (System.nanoTime() - flowStart > POLL_GIVE_UP.toNanos()) {
                throw new BenchFailure(type.label() + "-timeout", url + " still " + status);
            }
        }
    }

    private Reply post(RequestType type, String url, String payload, boolean withJwk)
            throws BenchFailure, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            if (nonce == null) {
                nonce = newNonce();
            }
            String header =
                    "{\"alg\":\"ES256\"," + (withJwk ? "\"jwk\":" + accountKey.jwk() : "\"kid\":\"" + kid + "\"")
                            + ",\"nonce\":\"" + nonce + "\",\"url\":\"" + url + "\"}";
            nonce = null;
            String protectedB64 = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8));
            String payloadB64 = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
            byte[] signature = accountKey.sign((protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII));
            String body = "{\"protected\":\"" + protectedB64 + "\",\"payload\":\"" + payloadB64 + "\",\"signature\":\""
                    + B64.encodeToString(signature) + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Reply reply = send(type, () -> http.post(URI.create(url), "application/jose+json", bytes));
            nonce = reply.header("Replay-Nonce").orElse(null);
            if (reply.status < 400) {
                return reply;
            }
            String problem = reply.problemType();
            if ("badNonce".equals(problem) && attempt < BAD_NONCE_RETRIES) {
                tally.badNonceRetried();
                continue;
            }
            throw new BenchFailure(
                    problem != null ? problem : "http-" + reply.status,
                    type.label() + " " + reply.status + " " + new String(reply.body, StandardCharsets.UTF_8));
        }
    }

    private String newNonce() throws BenchFailure, InterruptedException {
        Reply reply = send(RequestType.NEW_NONCE, () -> http.head(URI.create(directory.newNonce())));
        return reply.header("Replay-Nonce")
                .orElseThrow(() -> new BenchFailure("no-nonce", "newNonce answered " + reply.status + " without one"));
    }

    /** One exchange. */
    private interface Exchange {
        BenchHttp.Response send() throws IOException;
    }

    private Reply send(RequestType type, Exchange exchange) throws BenchFailure, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long start = System.nanoTime();
        BenchHttp.Response response;
        try {
            response = exchange.send();
        } catch (SocketTimeoutException e) {
            throw new BenchFailure("timeout", type.label() + " took longer than " + settings.requestTimeout());
        } catch (IOException e) {
            throw new BenchFailure("io:" + e.getClass().getSimpleName(), type.label() + " " + e.getMessage());
        }
        recorder.request(type, System.nanoTime() - start);
        return new Reply(response, json);
    }

    @Override
    public void close() {
        http.close();
    }

    static String shortType(String urn) {
        return urn.startsWith("urn:ietf:params:acme:error:")
                ? urn.substring("urn:ietf:params:acme:error:".length())
                : urn;
    }

    /** A response, its JSON body parsed once on first use. */
    private static final class Reply {
        final int status;
        final byte[] body;
        private final BenchHttp.Response response;
        private final ObjectMapper mapper;
        private JsonNode json;

        Reply(BenchHttp.Response response, ObjectMapper mapper) {
            this.status = response.status();
            this.body = response.body();
            this.response = response;
            this.mapper = mapper;
        }

        Optional<String> header(String name) {
            return response.header(name);
        }

        JsonNode json() throws BenchFailure {
            if (json == null) {
                try {
                    json = mapper.readTree(body);
                } catch (IOException e) {
                    throw new BenchFailure("bad-json", "status " + status + ": " + e.getMessage());
                }
            }
            return json;
        }

        String problemType() {
            if (!header("Content-Type").orElse("").toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
                return null;
            }
            try {
                return shortType(json().path("type").asText(""));
            } catch (BenchFailure unreadable) {
                return null;
            }
        }

        /** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. */
        Optional<Duration> retryAfter() {
            return header("Retry-After").flatMap(v -> {
                try {
                    return Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
                } catch (NumberFormatException notSeconds) {
                    try {
                        ZonedDateTime at = ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                        return Optional.of(d.isNegative() ? Duration.ZERO : d);
                    } catch (RuntimeException unreadable) {
                        return Optional.empty();
                    }
                }
            });
        }
    }
}
