package dev.cairn.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.AcmeProblem;
import java.util.List;

/** RFC 8555 §7.1.2.1: the account's orders, a page at a time, linked by {@code Link rel="next"}. */
final class AccountOrdersEndpoint extends PostEndpoint {
    private final int pageSize;

    AccountOrdersEndpoint(WebContext ctx, int pageSize) {
        super(ctx, RequestPipeline.KeyMode.KID);
        this.pageSize = pageSize;
    }

    @Override
    void handle(Exchange ex, AuthenticatedRequest request, List<String> params) {
        WebContext.requirePostAsGet(ex, request, "the orders list");
        String accountId = params.get(0);
        int page = page(params.size() > 1 ? params.get(1) : null);
        if (page > 1) {
            ex.notes().linkOnly();
        }
        List<String> ids = ctx.authority().orders().orderIds(request.account(), accountId);
        // long: a page number from the URL times the page size must not overflow into a negative index
        int from = (int) Math.min(ids.size(), (page - 1L) * pageSize);
        int to = (int) Math.min(ids.size(), (long) from + pageSize);
        ObjectNode body = ctx.replies().mapper().createObjectNode();
        ArrayNode orders = body.putArray("orders");
        ids.subList(from, to).forEach(id -> orders.add(ctx.urls().order(id)));
        if (to < ids.size()) {
            ex.addHeader("Link", "<" + ctx.urls().ordersPage(accountId, page + 1) + ">;rel=\"next\"");
        }
        ctx.replies().json(ex, 200, body);
    }

    private static int page(String segment) {
        if (segment == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(segment);
            if (n >= 2) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw AcmeProblem.notFound("No orders page \"" + segment + "\"; follow the Link rel=\"next\" URLs");
    }
}
