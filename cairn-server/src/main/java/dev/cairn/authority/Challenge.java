package dev.cairn.authority;

import dev.cairn.protocol.ChallengeStatus;
import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.Problem;
import java.time.Instant;
import java.util.Objects;

/** One challenge of an authorization (RFC 8555 §8). Its URL is derived from the authorization's. */
public record Challenge(
        String id, ChallengeType type, String token, ChallengeStatus status, Instant validated, Problem error) {
    public Challenge {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(status, "status");
    }

    public Challenge processing() {
        return new Challenge(id, type, token, ChallengeStatus.PROCESSING, null, null);
    }

    public Challenge valid(Instant at) {
        return new Challenge(id, type, token, ChallengeStatus.VALID, at, null);
    }

    public Challenge invalid(Problem problem) {
        return new Challenge(id, type, token, ChallengeStatus.INVALID, null, problem);
    }
}
