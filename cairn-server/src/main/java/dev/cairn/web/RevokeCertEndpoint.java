package dev.cairn.web;

import dev.cairn.protocol.AcmeProblem;
import java.util.List;

/**
 * revokeCert (RFC 8555 §7.6): signed by an account ({@code kid}) or by the certificate's own
 * key ({@code jwk}). 200 with an empty body on success.
 */
final class RevokeCertEndpoint extends PostEndpoint {
    RevokeCertEndpoint(WebContext ctx) {
        super(ctx, RequestPipeline.KeyMode.EITHER);
    }

    @Override
    void handle(Exchange ex, AuthenticatedRequest request, List<String> params) {
        if (request.payload() == null) {
            throw AcmeProblem.malformed("revokeCert needs a payload {\"certificate\": base64url(DER), \"reason\": n}");
        }
        byte[] der = Payloads.base64url(request.payload(), "certificate");
        Integer reason = Payloads.integer(request.payload(), "reason");
        if (request.account() != null) {
            ctx.authority().revocations().revokeByAccount(request.account(), der, reason);
        } else {
            ctx.authority().revocations().revokeByCertificateKey(request.key().publicKey(), der, reason);
        }
        ctx.replies().empty(ex, 200);
    }
}
