package dev.cairn.protocol;

import java.util.List;

/**
 * A problem document as data: stored in an invalid order, authorization or challenge
 * ({@code error}, RFC 8555 §7.1.3, §7.1.4, §8) and rendered by {@code web}.
 */
public record Problem(ProblemType type, String detail, Identifier identifier, List<Problem> subproblems) {
    public Problem {
        subproblems = subproblems == null ? List.of() : List.copyOf(subproblems);
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type, detail, null, List.of());
    }

    public AcmeProblem toException() {
        AcmeProblem p = AcmeProblem.of(type, detail);
        if (identifier != null) {
            p = p.withIdentifier(identifier);
        }
        if (!subproblems.isEmpty()) {
            p = p.withSubproblems(subproblems.stream().map(Problem::toException).toList());
        }
        return p;
    }
}
