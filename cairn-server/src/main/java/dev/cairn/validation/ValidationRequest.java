package dev.cairn.validation;

import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.Identifier;
import java.util.Objects;

/**
 * What a validator needs: the authorization's identifier (never a wildcard, RFC 8555
 * §7.1.3), the challenge type and token, and the key authorization computed from the account
 * key at validation time (RFC 8555 §8.1).
 */
public record ValidationRequest(Identifier identifier, ChallengeType type, String token, String keyAuthorization) {
    public ValidationRequest {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(keyAuthorization, "keyAuthorization");
    }
}
