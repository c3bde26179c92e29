package dev.cairn.web;

import dev.cairn.authority.OrderView;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.OrderStatus;
import java.util.List;

/**
 * RFC 8555 §7.4 finalize: {@code {"csr": base64url(DER)}} → the order, processing or valid. In
 * legal-variation mode ({@code --vary sync}) the response waits until the certificate is issued,
 * or answers at once with the order {@code processing}.
 */
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
        LegalVariations.Wait wait = ctx.variations().finalization();
        OrderView view = wait == LegalVariations.Wait.CONFIGURED
                ? ctx.authority().orders().finalizeOrder(request.account(), params.get(0), csr)
                : ctx.authority().orders().finalizeOrder(request.account(), params.get(0), csr, wait.duration());
        // finalizeOrder succeeds only for the request that moved the order out of ready, so holding this
        // answer back as processing never shows a client a valid order going back to processing
        boolean asynchronous = wait == LegalVariations.Wait.ASYNCHRONOUS && view.status() == OrderStatus.VALID;
        ex.setHeader("Location", ctx.urls().order(view.order().id()));
        OrderEndpoint.reply(ctx, ex, view, asynchronous || slow.holdsFinalize(view));
    }
}
