package dev.cairn.authority;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The members of a newAccount payload Cairn acts on (RFC 8555 §7.3); others are ignored.
 * {@code externalAccountBinding} is read lazily, only once no account exists for the key: an
 * existing key is answered with its account whatever the binding looks like (catalog ACCT-02).
 * It supplies null when the payload has no binding.
 */
public record NewAccountRequest(
        List<String> contact,
        Boolean termsOfServiceAgreed,
        boolean onlyReturnExisting,
        Supplier<ExternalAccountBinding.Presented> externalAccountBinding) {
    public NewAccountRequest {
        contact = contact == null ? null : List.copyOf(contact);
        Objects.requireNonNull(externalAccountBinding, "externalAccountBinding");
    }
}
