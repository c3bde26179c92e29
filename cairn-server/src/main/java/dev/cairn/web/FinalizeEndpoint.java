package dev.cairn.web;

import dev.cairn.authority.OrderView;
import dev.cairn.protocol.AcmeProblem;
import java.util.List;

/** RFC 8555 §7.4 finalize: {@code {"csr": base64url(DER)}} → the order, processing or valid. */
final class FinalizeEndpoint extends PostEndpoint {
    private final SlowFinalize slow;

    FinalizeEndpoint(WebContext ctx, SlowFinalize slow) {
        super(ctx, RequestPipeline.KeyMode.KID);
        this.slow = slow;
    }

    @Override
    void handle(Exchange ex, AuthenticatedRequest request, List<String> params) {
        if (request.payload() == null) {
            throw AcmeProblem.malformed("finalize needs a payload {\"csr\": base64url(DER PKCS#10)}");
        }
        byte[] csr = Payloads.base64url(request.payload(), "csr");
        OrderView view = ctx.authority().orders().finalizeOrder(request.account(), params.get(0), csr);
        ex.setHeader("Location", ctx.urls().order(view.order().id()));
        OrderEndpoint.reply(ctx, ex, view, slow.holdsFinalize(view));
    }
}
