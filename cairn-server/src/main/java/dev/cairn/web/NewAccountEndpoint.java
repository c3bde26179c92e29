package dev.cairn.web;

import dev.cairn.authority.AccountCreation;
import dev.cairn.authority.NewAccountRequest;
import java.util.List;

/** RFC 8555 §7.3: 201 + Location for a new account, 200 + the same Location for an existing key. */
final class NewAccountEndpoint extends PostEndpoint {
    NewAccountEndpoint(WebContext ctx) {
        super(ctx, RequestPipeline.KeyMode.JWK);
    }

    @Override
    void handle(Exchange ex, AuthenticatedRequest request, List<String> params) {
        NewAccountRequest body = new NewAccountRequest(
                Payloads.stringList(request.payload(), "contact"),
                Payloads.bool(request.payload(), "termsOfServiceAgreed"),
                Boolean.TRUE.equals(Payloads.bool(request.payload(), "onlyReturnExisting")),
                () -> ExternalAccountBindingParser.parse(request.payload(), request.url()));
        AccountCreation result = ctx.authority().accounts().newAccount(request.key(), body);
        ex.setHeader("Location", ctx.urls().account(result.account().id()));
        ctx.replies().json(ex, result.created() ? 201 : 200, ctx.resources().account(result.account()));
    }
}
