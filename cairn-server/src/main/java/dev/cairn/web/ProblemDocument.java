package dev.cairn.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.AcmeProblem;

/**
 * The RFC 7807 problem document of an {@link AcmeProblem}: the one rendering, used by the ACME
 * listener ({@link Replies}) and the management API alike.
 */
public final class ProblemDocument {
    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemDocument() {}

    /** The document sent as a response body: with {@code status}, without {@code identifier}. */
    public static ObjectNode render(ObjectMapper mapper, AcmeProblem problem) {
        return render(mapper, problem, true);
    }

    static ObjectNode render(ObjectMapper mapper, AcmeProblem problem, boolean topLevel) {
        ObjectNode node = mapper.createObjectNode();
        node.put("type", problem.type().urn());
        node.put("detail", problem.detail());
        if (topLevel) {
            node.put("status", problem.status());
        }
        // RFC 8555 §6.7.1: identifier appears in subproblems only, never at the top level.
        if (problem.identifier() != null && !topLevel) {
            Resources.identifier(node.putObject("identifier"), problem.identifier());
        }
        if (!problem.algorithms().isEmpty()) {
            ArrayNode algs = node.putArray("algorithms");
            problem.algorithms().forEach(algs::add);
        }
        if (!problem.subproblems().isEmpty()) {
            ArrayNode subs = node.putArray("subproblems");
            problem.subproblems().forEach(s -> subs.add(render(mapper, s, false)));
        }
        return node;
    }
}
