package dev.cairn.storage.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.authority.RenewalWindow;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.Problem;
import dev.cairn.protocol.ProblemType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON kept in TEXT columns: short ordered lists and problem documents. Written field by
 * field rather than by reflection so that the stored form is a format of its own, stable when
 * a record gains a method or a component is renamed.
 */
final class StoredJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StoredJson() {}

    static String strings(List<String> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(array::add);
        return write(array);
    }

    static List<String> strings(String json) {
        List<String> values = new ArrayList<>();
        read(json).forEach(node -> values.add(node.asText()));
        return values;
    }

    static String identifiers(List<Identifier> identifiers) {
        ArrayNode array = MAPPER.createArrayNode();
        identifiers.forEach(id -> array.add(identifierNode(id)));
        return write(array);
    }

    static List<Identifier> identifiers(String json) {
        List<Identifier> identifiers = new ArrayList<>();
        read(json).forEach(node -> identifiers.add(identifier(node)));
        return identifiers;
    }

    static String problem(Problem problem) {
        return problem == null ? null : write(problemNode(problem));
    }

    static Problem problem(String json) {
        return json == null ? null : problem(read(json));
    }

    /** An operator's RFC 9773 window: instants as epoch milliseconds, like every stored instant. */
    static String renewalWindow(RenewalWindow window) {
        if (window == null) {
            return null;
        }
        ObjectNode node = MAPPER.createObjectNode();
        node.put("start", window.start().toEpochMilli());
        node.put("end", window.end().toEpochMilli());
        if (window.explanationUrl() != null) {
            node.put("explanationURL", window.explanationUrl());
        }
        return write(node);
    }

    static RenewalWindow renewalWindow(String json) {
        if (json == null) {
            return null;
        }
        JsonNode node = read(json);
        JsonNode url = node.path("explanationURL");
        return new RenewalWindow(
                Instant.ofEpochMilli(node.path("start").asLong()),
                Instant.ofEpochMilli(node.path("end").asLong()),
                url.isTextual() ? url.asText() : null);
    }

    private static ObjectNode problemNode(Problem problem) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", problem.type() == null ? null : problem.type().code());
        node.put("detail", problem.detail());
        if (problem.identifier() != null) {
            node.set("identifier", identifierNode(problem.identifier()));
        }
        ArrayNode subproblems = node.putArray("subproblems");
        problem.subproblems().forEach(sub -> subproblems.add(problemNode(sub)));
        return node;
    }

    private static Problem problem(JsonNode node) {
        JsonNode type = node.path("type");
        JsonNode detail = node.path("detail");
        JsonNode identifier = node.path("identifier");
        List<Problem> subproblems = new ArrayList<>();
        node.path("subproblems").forEach(sub -> subproblems.add(problem(sub)));
        return new Problem(
                type.isTextual() ? problemType(type.asText()) : null,
                detail.isTextual() ? detail.asText() : null,
                identifier.isObject() ? identifier(identifier) : null,
                subproblems);
    }

    private static ProblemType problemType(String code) {
        for (ProblemType type : ProblemType.values()) {
            if (type.code().equals(code)) {
                return type;
            }
        }
        throw new IllegalStateException("stored problem has unknown type " + code);
    }

    private static ObjectNode identifierNode(Identifier identifier) {
        return MAPPER.createObjectNode().put("type", identifier.type()).put("value", identifier.value());
    }

    private static Identifier identifier(JsonNode node) {
        return new Identifier(node.path("type").asText(), node.path("value").asText());
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write stored JSON", e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is corrupt", e);
        }
    }
}
