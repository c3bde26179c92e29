package dev.cairn.authority;

import dev.cairn.protocol.AuthorizationStatus;
import dev.cairn.protocol.Identifier;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An authorization (RFC 8555 §7.1.4). {@code identifier} never carries a wildcard; {@code
 * wildcard} records that it was created for one. The stored {@code status} never says
 * {@code expired}: expiry is derived from {@code expires} and the clock by {@link
 * #effectiveStatus(Instant)}.
 */
public record Authorization(
        String id,
        String accountId,
        Identifier identifier,
        boolean wildcard,
        AuthorizationStatus status,
        Instant expires,
        List<Challenge> challenges,
        long version) {
    public Authorization {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expires, "expires");
        challenges = List.copyOf(challenges);
    }

    /** RFC 8555 §7.1.6: pending and valid authorizations expire. */
    public AuthorizationStatus effectiveStatus(Instant now) {
        boolean live = status == AuthorizationStatus.PENDING || status == AuthorizationStatus.VALID;
        return live && !now.isBefore(expires) ? AuthorizationStatus.EXPIRED : status;
    }

    public Optional<Challenge> challenge(String challengeId) {
        return challenges.stream().filter(c -> c.id().equals(challengeId)).findFirst();
    }

    public Authorization withChallenge(Challenge updated) {
        List<Challenge> list = challenges.stream()
                .map(c -> c.id().equals(updated.id()) ? updated : c)
                .toList();
        return new Authorization(id, accountId, identifier, wildcard, status, expires, list, version);
    }

    public Authorization withStatus(AuthorizationStatus newStatus, Instant newExpires) {
        return new Authorization(id, accountId, identifier, wildcard, newStatus, newExpires, challenges, version);
    }

    public Authorization withVersion(long newVersion) {
        return new Authorization(id, accountId, identifier, wildcard, status, expires, challenges, newVersion);
    }
}
