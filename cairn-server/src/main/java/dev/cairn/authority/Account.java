package dev.cairn.authority;

import dev.cairn.protocol.AccountStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An ACME account (RFC 8555 §7.1.2). {@code version} increments on every stored change, so
 * storage can refuse an update made from a stale copy (optimistic concurrency).
 */
public record Account(
        String id,
        AccountKey key,
        List<String> contact,
        AccountStatus status,
        boolean termsOfServiceAgreed,
        Instant createdAt,
        String externalAccountBinding,
        long version) {
    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        contact = contact == null ? List.of() : List.copyOf(contact);
    }

    public boolean isValid() {
        return status == AccountStatus.VALID;
    }

    public Account withContact(List<String> newContact) {
        return new Account(
                id, key, newContact, status, termsOfServiceAgreed, createdAt, externalAccountBinding, version);
    }

    public Account withStatus(AccountStatus newStatus) {
        return new Account(
                id, key, contact, newStatus, termsOfServiceAgreed, createdAt, externalAccountBinding, version);
    }

    public Account withKey(AccountKey newKey) {
        return new Account(
                id, newKey, contact, status, termsOfServiceAgreed, createdAt, externalAccountBinding, version);
    }

    public Account withVersion(long newVersion) {
        return new Account(
                id, key, contact, status, termsOfServiceAgreed, createdAt, externalAccountBinding, newVersion);
    }
}
