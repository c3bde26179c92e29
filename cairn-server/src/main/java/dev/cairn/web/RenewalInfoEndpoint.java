package dev.cairn.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.authority.RenewalWindow;
import java.time.Duration;
import java.util.List;

/**
 * RFC 9773 §4: {@code GET {renewalInfo}/{certID}}, unauthenticated and cacheable (GET and HEAD
 * only; a POST is 405). {@code Retry-After} says when to ask again (§4.3: clients treat a
 * missing one as an error); six hours, as Pebble and Let's Encrypt send. {@code explanationURL}
 * appears when an operator's window carries one.
 */
final class RenewalInfoEndpoint implements Endpoint {
    static final Duration RETRY_AFTER = Duration.ofHours(6);

    private final WebContext ctx;

    RenewalInfoEndpoint(WebContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Exchange ex, List<String> params) {
        if (!"GET".equals(ex.method()) && !"HEAD".equals(ex.method())) {
            throw MethodNotAllowed.of(ex, "GET, HEAD");
        }
        RenewalWindow window = ctx.authority().renewals().renewalInfo(params.get(0));
        ObjectNode body = ctx.replies().mapper().createObjectNode();
        ObjectNode suggested = body.putObject("suggestedWindow");
        suggested.put("start", Resources.time(window.start()));
        suggested.put("end", Resources.time(window.end()));
        if (window.explanationUrl() != null) {
            body.put("explanationURL", window.explanationUrl());
        }
        ex.setHeader("Retry-After", Long.toString(RETRY_AFTER.toSeconds()));
        ex.setHeader("Cache-Control", "public, max-age=" + RETRY_AFTER.toSeconds());
        ctx.replies().json(ex, 200, body);
    }
}
