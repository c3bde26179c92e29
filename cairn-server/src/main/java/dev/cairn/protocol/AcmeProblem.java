package dev.cairn.protocol;

import java.util.List;
import java.util.Map;

/**
 * The one exception that code below {@code web} throws to answer a request with an RFC 7807
 * problem document. {@code web} renders it in exactly one place.
 *
 * <p>{@code identifier} is only set on subproblems (RFC 8555 §6.7.1 forbids it at the top
 * level). {@code extraHeaders} carries headers a problem needs (Location on a 409 key
 * change, Link rel="terms-of-service", Retry-After). {@code algorithms} is set for
 * badSignatureAlgorithm (RFC 8555 §6.2).
 */
public final class AcmeProblem extends RuntimeException {
    private final ProblemType type;
    private final int status;
    private final Identifier identifier;
    private final List<AcmeProblem> subproblems;
    private final List<String> algorithms;
    private final Map<String, String> extraHeaders;

    private AcmeProblem(
            ProblemType type,
            int status,
            String detail,
            Identifier identifier,
            List<AcmeProblem> subproblems,
            List<String> algorithms,
            Map<String, String> extraHeaders) {
        super(detail, null, false, false);
        this.type = type;
        this.status = status;
        this.identifier = identifier;
        this.subproblems = List.copyOf(subproblems);
        this.algorithms = List.copyOf(algorithms);
        this.extraHeaders = Map.copyOf(extraHeaders);
    }

    public static AcmeProblem of(ProblemType type, String detail) {
        return new AcmeProblem(type, type.defaultStatus(), detail, null, List.of(), List.of(), Map.of());
    }

    public static AcmeProblem malformed(String detail) {
        return of(ProblemType.MALFORMED, detail);
    }

    public static AcmeProblem unauthorized(String detail) {
        return of(ProblemType.UNAUTHORIZED, detail);
    }

    public static AcmeProblem notFound(String detail) {
        return of(ProblemType.MALFORMED, detail).withStatus(404);
    }

    public static AcmeProblem serverInternal(String detail) {
        return of(ProblemType.SERVER_INTERNAL, detail);
    }

    public AcmeProblem withStatus(int newStatus) {
        return new AcmeProblem(type, newStatus, getMessage(), identifier, subproblems, algorithms, extraHeaders);
    }

    public AcmeProblem withIdentifier(Identifier id) {
        return new AcmeProblem(type, status, getMessage(), id, subproblems, algorithms, extraHeaders);
    }

    public AcmeProblem withSubproblems(List<AcmeProblem> subs) {
        return new AcmeProblem(type, status, getMessage(), identifier, subs, algorithms, extraHeaders);
    }

    public AcmeProblem withAlgorithms(List<String> algs) {
        return new AcmeProblem(type, status, getMessage(), identifier, subproblems, algs, extraHeaders);
    }

    public AcmeProblem withHeader(String name, String value) {
        var headers = new java.util.LinkedHashMap<>(extraHeaders);
        headers.put(name, value);
        return new AcmeProblem(type, status, getMessage(), identifier, subproblems, algorithms, headers);
    }

    public ProblemType type() {
        return type;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    public Identifier identifier() {
        return identifier;
    }

    public List<AcmeProblem> subproblems() {
        return subproblems;
    }

    public List<String> algorithms() {
        return algorithms;
    }

    public Map<String, String> extraHeaders() {
        return extraHeaders;
    }

    /** The problem as a value that can be stored in an order, authorization or challenge. */
    public Problem toProblem() {
        return new Problem(
                type,
                getMessage(),
                identifier,
                subproblems.stream().map(AcmeProblem::toProblem).toList());
    }
}
