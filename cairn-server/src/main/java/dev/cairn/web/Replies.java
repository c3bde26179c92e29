package dev.cairn.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.nonce.NonceService;
import dev.cairn.protocol.AcmeProblem;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one writer of ACME responses. It adds what RFC 8555 wants on every response: {@code
 * Link: <directory>;rel="index"} everywhere but the directory (§7.1), a fresh {@code
 * Replay-Nonce} on every response to a POST, errors included (§6.5), {@code Cache-Control:
 * no-store} on nonces (§7.2), and CORS headers for browser clients (§6.1). Problems are
 * rendered by {@link ProblemDocument} (RFC 7807, {@code application/problem+json}).
 */
final class Replies {
    static final String JSON = "application/json";
    static final String PROBLEM_JSON = ProblemDocument.MEDIA_TYPE;

    private final Urls urls;
    private final NonceService nonces;
    private final ObjectMapper mapper;
    private final LegalVariations variations;

    Replies(Urls urls, NonceService nonces, ObjectMapper mapper, LegalVariations variations) {
        this.urls = urls;
        this.nonces = nonces;
        this.mapper = mapper;
        this.variations = variations;
    }

    Replies(Urls urls, NonceService nonces, ObjectMapper mapper) {
        this(urls, nonces, mapper, LegalVariations.none(mapper));
    }

    LegalVariations variations() {
        return variations;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** Headers every non-directory response carries. */
    void common(Exchange ex) {
        ex.addHeader("Link", "<" + urls.directory() + ">;rel=\"index\"");
        if (ex.isPost()) {
            addNonce(ex);
        }
        cors(ex);
    }

    void addNonce(Exchange ex) {
        ex.setHeader("Replay-Nonce", nonces.issue());
        ex.setHeader("Cache-Control", "no-store");
    }

    void cors(Exchange ex) {
        if (ex.header("Origin") != null) {
            ex.setHeader("Access-Control-Allow-Origin", "*");
            ex.setHeader("Access-Control-Expose-Headers", "Link, Replay-Nonce, Location, Retry-After");
        }
    }

    void json(Exchange ex, int status, Object body) {
        common(ex);
        ex.send(status, JSON, bytes(body));
    }

    void empty(Exchange ex, int status) {
        common(ex);
        ex.send(status, null, new byte[0]);
    }

    void problem(Exchange ex, AcmeProblem problem) {
        if (!ex.sent()) {
            for (Map.Entry<String, String> h : problem.extraHeaders().entrySet()) {
                ex.addHeader(h.getKey(), h.getValue());
            }
            common(ex);
            ex.send(problem.status(), PROBLEM_JSON, bytes(render(problem, true)));
        }
    }

    ObjectNode render(AcmeProblem problem, boolean topLevel) {
        return ProblemDocument.render(mapper, problem, topLevel);
    }

    /** A JSON body as sent: with the member order and extra members of legal-variation mode, if active. */
    byte[] bytes(Object body) {
        try {
            if (body instanceof byte[] b) {
                return b;
            }
            Object shaped = body instanceof JsonNode node ? variations.shape(node) : body;
            return mapper.writeValueAsString(shaped).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
