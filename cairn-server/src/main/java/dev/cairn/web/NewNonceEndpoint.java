package dev.cairn.web;

import java.util.List;

/**
 * RFC 8555 §7.2: HEAD answers 200 and GET 204, both with a fresh nonce and {@code
 * Cache-Control: no-store}. POST-as-GET is allowed too (§6.3) and answers 204.
 */
final class NewNonceEndpoint implements Endpoint {
    private final WebContext ctx;

    NewNonceEndpoint(WebContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Exchange ex, List<String> params) {
        switch (ex.method()) {
            case "HEAD" -> reply(ex, 200);
            case "GET" -> reply(ex, 204);
            case "POST" -> {
                WebContext.requirePostAsGet(
                        ex, ctx.pipeline().authenticate(ex, RequestPipeline.KeyMode.KID), "newNonce");
                ctx.replies().empty(ex, 204);
            }
            default -> throw MethodNotAllowed.of(ex, "GET, HEAD, POST");
        }
    }

    private void reply(Exchange ex, int status) {
        ctx.replies().addNonce(ex);
        ctx.replies().empty(ex, status);
    }
}
