package dev.cairn.web;

import dev.cairn.authority.OrderView;
import dev.cairn.protocol.OrderStatus;
import java.util.List;

/** An order, by POST-as-GET (RFC 8555 §7.1.3); {@code Retry-After} while it is processing (§7.4). */
final class OrderEndpoint implements Endpoint {
    private final WebContext ctx;

    OrderEndpoint(WebContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Exchange ex, List<String> params) {
        if (!ex.isPost()) {
            throw MethodNotAllowed.of(ex, "POST");
        }
        AuthenticatedRequest request = ctx.pipeline().authenticate(ex, RequestPipeline.KeyMode.KID);
        WebContext.requirePostAsGet(request, "an order");
        OrderView view = ctx.authority().orders().view(request.account(), params.get(0));
        reply(ctx, ex, view);
    }

    static void reply(WebContext ctx, Exchange ex, OrderView view) {
        if (view.status() == OrderStatus.PROCESSING) {
            ctx.retryAfter(ex);
        }
        ctx.replies().json(ex, 200, ctx.resources().order(view));
    }
}
