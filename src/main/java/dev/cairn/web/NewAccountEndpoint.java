package dev.cairn.web;

import dev.cairn.authority.AccountCreation;
import dev.cairn.authority.NewAccountRequest;
import java.util.List;

/** RFC 8555 §7.3: 201 + Location for a new account, 200 + the same Location for an existing key. */
final class NewAccountEndpoint implements Endpoint {
    private final WebContext ctx;

    NewAccountEndpoint(WebContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Exchange ex, List<String> params) {
        if (!ex.isPost()) {
            throw MethodNotAllowed.of(ex, "POST");
        }
        AuthenticatedRequest request = ctx.pipeline().authenticate(ex, RequestPipeline.KeyMode.JWK);
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
