package dev.cairn.web;

import dev.cairn.authority.AccountCreation;
import dev.cairn.authority.ExternalAccountBinding;
import dev.cairn.authority.NewAccountRequest;
import dev.cairn.conformance.Rule;
import java.util.List;
import java.util.Locale;

/** RFC 8555 §7.3: 201 + Location for a new account, 200 + the same Location for an existing key. */
final class NewAccountEndpoint extends PostEndpoint {
    NewAccountEndpoint(WebContext ctx) {
        super(ctx, RequestPipeline.KeyMode.JWK);
    }

    @Override
    void handle(Exchange ex, AuthenticatedRequest request, List<String> params) {
        List<String> contact = Payloads.stringList(request.payload(), "contact");
        noteForbiddenContacts(ex.notes(), contact);
        NewAccountRequest body = new NewAccountRequest(
                contact,
                Payloads.bool(request.payload(), "termsOfServiceAgreed"),
                Boolean.TRUE.equals(Payloads.bool(request.payload(), "onlyReturnExisting")),
                () -> binding(ex, request));
        AccountCreation result = ctx.authority().accounts().newAccount(request.key(), body);
        ex.notes().account(result.account().id());
        ex.setHeader("Location", ctx.urls().account(result.account().id()));
        ctx.replies().json(ex, result.created() ? 201 : 200, ctx.resources().account(result.account()));
    }

    private static ExternalAccountBinding.Presented binding(Exchange ex, AuthenticatedRequest request) {
        ExternalAccountBinding.Presented binding = ExternalAccountBindingParser.parse(request.payload(), request.url());
        if (binding != null && binding.hasNonce()) {
            ex.notes()
                    .note(
                            Rule.FORBIDDEN_FIELD,
                            "RFC 8555 §7.3.4",
                            "the externalAccountBinding protected header has a \"nonce\"");
        }
        return binding;
    }

    /** RFC 8555 §7.3: clients MUST NOT send a mailto contact with hfields or several addresses. */
    static void noteForbiddenContacts(ClientNotes notes, List<String> contacts) {
        if (contacts == null) {
            return;
        }
        for (String contact : contacts) {
            if (contact == null || !contact.toLowerCase(Locale.ROOT).startsWith("mailto:")) {
                continue;
            }
            String address = contact.substring("mailto:".length());
            if (address.indexOf('?') >= 0) {
                notes.note(Rule.FORBIDDEN_FIELD, "contact \"" + contact + "\" has hfields");
            } else if (address.indexOf(',') >= 0) {
                notes.note(Rule.FORBIDDEN_FIELD, "contact \"" + contact + "\" holds several addresses");
            }
        }
    }
}
