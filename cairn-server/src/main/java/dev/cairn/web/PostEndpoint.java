package dev.cairn.web;

import java.util.List;

/**
 * An ACME resource that takes only signed POSTs (RFC 8555 §6.3): anything else is 405, and
 * every POST walks the {@link RequestPipeline} before the resource sees it.
 */
abstract class PostEndpoint implements Endpoint {
    protected final WebContext ctx;
    private final RequestPipeline.KeyMode keyMode;

    PostEndpoint(WebContext ctx, RequestPipeline.KeyMode keyMode) {
        this.ctx = ctx;
        this.keyMode = keyMode;
    }

    @Override
    public final void handle(Exchange ex, List<String> params) {
        if (!ex.isPost()) {
            throw MethodNotAllowed.of(ex, "POST");
        }
        handle(ex, ctx.pipeline().authenticate(ex, keyMode), params);
    }

    /** Handles a request that passed the pipeline. */
    abstract void handle(Exchange ex, AuthenticatedRequest request, List<String> params);
}
