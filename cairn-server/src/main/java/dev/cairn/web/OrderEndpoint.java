package dev.cairn.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.authority.OrderView;
import dev.cairn.protocol.OrderStatus;
import java.util.List;

/** An order, by POST-as-GET (RFC 8555 §7.1.3); {@code Retry-After} while it is processing (§7.4). */
final class OrderEndpoint extends PostEndpoint {
    private final SlowFinalize slow;

    OrderEndpoint(WebContext ctx, SlowFinalize slow) {
        super(ctx, RequestPipeline.KeyMode.KID);
        this.slow = slow;
    }

    @Override
    void handle(Exchange ex, AuthenticatedRequest request, List<String> params) {
        WebContext.requirePostAsGet(ex, request, "an order");
        OrderView view = ctx.authority().orders().view(request.account(), params.get(0));
        reply(ctx, ex, view, slow.holdsPoll(view));
    }

    /** {@code heldBack}: a valid order shown as processing (test mode's slow finalize). */
    static void reply(WebContext ctx, Exchange ex, OrderView view, boolean heldBack) {
        ObjectNode body = ctx.resources().order(view);
        if (heldBack) {
            body.put("status", OrderStatus.PROCESSING.wire());
            body.remove("certificate");
        }
        if (heldBack || view.status() == OrderStatus.PROCESSING) {
            ctx.retryAfter(ex);
        }
        ctx.replies().json(ex, 200, body);
    }
}
