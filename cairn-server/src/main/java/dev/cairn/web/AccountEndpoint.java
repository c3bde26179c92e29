package dev.cairn.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.authority.Account;
import dev.cairn.protocol.AcmeProblem;
import java.util.List;

/**
 * An account URL (RFC 8555 §7.3.2, §7.3.6): POST-as-GET reads it, {@code contact} updates it,
 * {@code status: "deactivated"} deactivates it. Other members are ignored.
 */
final class AccountEndpoint extends PostEndpoint {
    AccountEndpoint(WebContext ctx) {
        super(ctx, RequestPipeline.KeyMode.KID);
    }

    @Override
    void handle(Exchange ex, AuthenticatedRequest request, List<String> params) {
        String targetId = params.get(0);
        JsonNode payload = request.payload();
        List<String> contact = Payloads.stringList(payload, "contact");
        NewAccountEndpoint.noteForbiddenContacts(ex.notes(), contact);
        String status = WebContext.text(payload, "status");
        boolean deactivate = "deactivated".equals(status);
        if (status != null
                && !deactivate
                && !status.equals(request.account().status().wire())) {
            throw AcmeProblem.malformed(
                    "\"status\" can only be set to \"deactivated\" (RFC 8555 §7.3.6), not \"" + status + "\"");
        }
        Account account = ctx.authority().accounts().update(request.account(), targetId, contact, deactivate);
        ctx.replies().json(ex, 200, ctx.resources().account(account));
    }
}
