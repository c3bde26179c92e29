package dev.cairn.validation;

import dev.cairn.protocol.ProblemType;
import java.io.IOException;

/**
 * Internal to the validators: a failure already phrased as the problem the applicant will
 * read. It extends {@link IOException} so that it can travel through Jetty's and the JDK's
 * I/O callbacks unchanged and be found again in a cause chain.
 */
final class ValidationFailure extends IOException {
    private final ProblemType type;

    ValidationFailure(ProblemType type, String detail) {
        super(detail);
        this.type = type;
    }

    ProblemType type() {
        return type;
    }

    ValidationOutcome toOutcome() {
        return ValidationOutcome.failure(type, getMessage());
    }

    /** The first ValidationFailure in {@code t}'s cause chain, or null. */
    static ValidationFailure find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ValidationFailure f) {
                return f;
            }
        }
        return null;
    }

    /** The first throwable of {@code type} in {@code t}'s cause chain, or null. */
    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
