package dev.cairn.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.protocol.AcmeProblem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reading typed members out of JWS payloads, with problems that name the member. */
final class Payloads {
    private Payloads() {}

    static List<String> stringList(JsonNode payload, String member) {
        JsonNode node = payload == null ? null : payload.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw AcmeProblem.malformed("\"" + member + "\" must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw AcmeProblem.malformed("\"" + member + "\" must be an array of strings, but holds " + item);
            }
            out.add(item.asText());
        }
        return out;
    }

    static Boolean bool(JsonNode payload, String member) {
        JsonNode node = payload == null ? null : payload.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw AcmeProblem.malformed("\"" + member + "\" must be true or false but was " + node);
        }
        return node.asBoolean();
    }

    static Integer integer(JsonNode payload, String member) {
        JsonNode node = payload == null ? null : payload.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw AcmeProblem.malformed("\"" + member + "\" must be an integer but was " + node);
        }
        return node.asInt();
    }

    /** RFC 3339 date-time (RFC 8555 §7.4 notBefore/notAfter). */
    static Instant time(JsonNode payload, String member) {
        String text = WebContext.text(payload, member);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw AcmeProblem.malformed("\"" + member + "\" must be an RFC 3339 date-time such as"
                    + " \"2026-01-01T00:00:00Z\", but was \"" + text + "\"");
        }
    }

    /** Unpadded base64url (RFC 8555 §6.1); padding or other alphabets are refused. */
    static byte[] base64url(JsonNode payload, String member) {
        String text = WebContext.text(payload, member);
        if (text == null || text.isEmpty()) {
            throw AcmeProblem.malformed("\"" + member + "\" is required");
        }
        if (!text.matches("[A-Za-z0-9_-]+")) {
            throw AcmeProblem.malformed("\"" + member + "\" must be base64url without padding (RFC 8555 §6.1);"
                    + " it contains characters outside [A-Za-z0-9_-]"
                    + (text.endsWith("=") ? " (remove the '=' padding)" : ""));
        }
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw AcmeProblem.malformed("\"" + member + "\" is not valid base64url: " + e.getMessage());
        }
    }
}
