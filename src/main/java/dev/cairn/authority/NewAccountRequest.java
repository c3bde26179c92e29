package dev.cairn.authority;

import java.util.List;

/**
 * The members of a newAccount payload Cairn acts on (RFC 8555 §7.3); others are ignored.
 * {@code externalAccountBinding} is null when the payload has none.
 */
public record NewAccountRequest(List<String> contact, Boolean termsOfServiceAgreed, boolean onlyReturnExisting,
        ExternalAccountBinding.Presented externalAccountBinding) {
    public NewAccountRequest {
        contact = contact == null ? null : List.copyOf(contact);
    }
}
