package dev.cairn.web;

import dev.cairn.authority.AuthorizationView;
import dev.cairn.conformance.Rule;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ChallengeStatus;
import java.util.List;

/**
 * An authorization (RFC 8555 §7.5): POST-as-GET reads it, {@code {"status":"deactivated"}}
 * deactivates it (§7.5.2). {@code Retry-After} while one of its challenges is processing.
 */
final class AuthorizationEndpoint extends PostEndpoint {
    AuthorizationEndpoint(WebContext ctx) {
        super(ctx, RequestPipeline.KeyMode.KID);
    }

    @Override
    void handle(Exchange ex, AuthenticatedRequest request, List<String> params) {
        String authzId = params.get(0);
        AuthorizationView view;
        if (request.isPostAsGet()) {
            view = ctx.authority().challenges().authorization(request.account(), authzId);
        } else {
            String status = WebContext.text(request.payload(), "status");
            if (request.payload().isEmpty()) {
                ex.notes()
                        .note(
                                Rule.POST_AS_GET_PAYLOAD,
                                "the authorization was sent {}; it is read with POST-as-GET, an empty payload");
            }
            if (!"deactivated".equals(status)) {
                throw AcmeProblem.malformed("An authorization can only be updated with {\"status\": \"deactivated\"}"
                        + " (RFC 8555 §7.5.2); to read it send POST-as-GET");
            }
            view = ctx.authority().challenges().deactivate(request.account(), authzId);
        }
        if (view.authorization().challenges().stream().anyMatch(c -> c.status() == ChallengeStatus.PROCESSING)) {
            ctx.retryAfter(ex);
        }
        ctx.replies().json(ex, 200, ctx.resources().authorization(view));
    }
}
