package dev.cairn.validation;

import dev.cairn.protocol.ChallengeType;

/**
 * Validates one challenge type over the network. Implementations never write state and
 * never throw for anything the applicant's side did: every failure is an invalid {@link
 * ValidationOutcome} whose problem says what was seen.
 */
public interface ChallengeValidator {
    ChallengeType type();

    ValidationOutcome validate(ValidationRequest request);
}
