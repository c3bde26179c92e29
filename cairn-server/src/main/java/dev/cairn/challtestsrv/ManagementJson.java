package dev.cairn.challtestsrv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing the management API's JSON the way Go's {@code encoding/json} does for
 * {@code pebble-challtestsrv}: member names match case-insensitively (an exact match wins),
 * unknown members are ignored, a missing or null member is the zero value, a member of the wrong
 * JSON type is an error; output is indented by three spaces with {@code <>&} escaped.
 */
final class ManagementJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A request body that is not what the endpoint expects; the message becomes a 400 body. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private final JsonNode body;

    private ManagementJson(JsonNode body) {
        this.body = body;
    }

    static ManagementJson parse(String text) {
        if (text.isEmpty()) {
            throw new BadRequest("Expected JSON POST body, was empty");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadRequest("invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new BadRequest("invalid JSON: no value");
        }
        if (!node.isObject() && !node.isNull()) {
            throw new BadRequest("json: cannot unmarshal "
                    + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " into an object");
        }
        return new ManagementJson(node);
    }

    String string(String name) {
        return string(member(body, name), name);
    }

    List<String> strings(String name) {
        JsonNode n = member(body, name);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new BadRequest(
                    "json: cannot unmarshal " + n.getNodeType() + " into field ." + name + " of type []string");
        }
        n.forEach(e -> out.add(string(e, name)));
        return out;
    }

    /** The members of an array of objects, each as its own reader. */
    List<ManagementJson> objects(String name) {
        JsonNode n = member(body, name);
        List<ManagementJson> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new BadRequest(
                    "json: cannot unmarshal " + n.getNodeType() + " into field ." + name + " of type array");
        }
        for (JsonNode e : n) {
            if (!e.isObject() && !e.isNull()) {
                throw new BadRequest("json: cannot unmarshal " + e.getNodeType() + " into an element of ." + name);
            }
            out.add(new ManagementJson(e));
        }
        return out;
    }

    int integer(String name, int absent) {
        JsonNode n = member(body, name);
        if (n == null || n.isNull()) {
            return absent;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new BadRequest("json: cannot unmarshal " + n.getNodeType() + " into field ." + name + " of type int");
        }
        return n.intValue();
    }

    private static String string(JsonNode n, String name) {
        if (n == null || n.isNull()) {
            return "";
        }
        if (!n.isTextual()) {
            throw new BadRequest(
                    "json: cannot unmarshal " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                            + " into Go struct field ." + name + " of type string");
        }
        return n.textValue();
    }

    private static JsonNode member(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        if (object.has(name)) {
            return object.get(name);
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    // ---- writing -----------------------------------------------------------------------

    /** Writes maps (insertion-ordered), lists, strings, booleans and numbers like Go's MarshalIndent with "   ". */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, "");
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, String indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof Boolean || value instanceof Number) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{");
            String inner = indent + "   ";
            String sep = "\n";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(sep).append(inner);
                quote(out, String.valueOf(e.getKey()));
                out.append(": ");
                write(out, e.getValue(), inner);
                sep = ",\n";
            }
            out.append("\n").append(indent).append("}");
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[");
            String inner = indent + "   ";
            String sep = "\n";
            for (Object e : list) {
                out.append(sep).append(inner);
                write(out, e, inner);
                sep = ",\n";
            }
            out.append("\n").append(indent).append("]");
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass());
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
