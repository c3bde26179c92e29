package dev.cairn.validation;

import dev.cairn.protocol.ChallengeType;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A validator that reports success without looking at the network: Cairn's equivalent of
 * Pebble's {@code PEBBLE_VA_ALWAYS_VALID=1}, for load tests and client tests that have no
 * responder. Testing only: with it, anyone can get a certificate for any name the identifier
 * policy allows.
 */
public record AlwaysValid(ChallengeType type) implements ChallengeValidator {
    public AlwaysValid {
        Objects.requireNonNull(type, "type");
    }

    /** One always-valid validator per challenge type. */
    public static List<ChallengeValidator> forEveryType() {
        return Arrays.stream(ChallengeType.values()).<ChallengeValidator>map(AlwaysValid::new).toList();
    }

    @Override
    public ValidationOutcome validate(ValidationRequest request) {
        return ValidationOutcome.success();
    }
}
