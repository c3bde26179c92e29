package dev.cairn.validation;

import dev.cairn.protocol.Problem;
import dev.cairn.protocol.ProblemType;

/** The result of one validation: valid, or invalid with a problem saying what was seen. */
public record ValidationOutcome(boolean valid, Problem problem) {
    public ValidationOutcome {
        if (valid == (problem != null)) {
            throw new IllegalArgumentException("a valid outcome has no problem, an invalid one has one");
        }
    }

    public static ValidationOutcome success() {
        return new ValidationOutcome(true, null);
    }

    public static ValidationOutcome failure(ProblemType type, String detail) {
        return new ValidationOutcome(false, Problem.of(type, detail));
    }
}
