package dev.cairn.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.policy.EabKeys;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /eab-keys} on the management API (RFC 8555 §7.3.4 keys): {@code GET} lists the key
 * ids, never the keys; {@code POST {"kid", "hmacKey"}} adds one (201), answers 200 when the
 * same key id is added again with the same key, and 409 when it already has another key.
 */
final class EabKeysResource {
    private static final Logger LOG = LoggerFactory.getLogger(EabKeysResource.class);
    private static final int MAX_BODY = 16 * 1024;

    /** The answer, for {@link AdminHandler} to send. */
    record Reply(int status, String contentType, String body) {
        static Reply text(int status, String body) {
            return new Reply(status, "text/plain", body + "\n");
        }
    }

    private final EabKeys keys;
    private final ObjectMapper mapper;

    EabKeysResource(EabKeys keys, ObjectMapper mapper) {
        this.keys = keys;
        this.mapper = mapper;
    }

    Reply handle(Request request) throws IOException {
        return switch (request.getMethod()) {
            case "GET", "HEAD" -> list();
            case "POST" -> add(read(request));
            default -> Reply.text(405, "use GET to list the EAB key ids or POST {\"kid\", \"hmacKey\"} to add a key");
        };
    }

    private Reply list() {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode kids = body.putArray("kids");
        keys.kids().forEach(kids::add);
        body.put("singleUse", keys.singleUse());
        return new Reply(200, "application/json", body.toString());
    }

    private Reply add(byte[] body) {
        if (body == null) {
            return Reply.text(413, "the body is larger than " + MAX_BODY + " bytes");
        }
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null
                || !json.isObject()
                || !json.path("kid").isTextual()
                || !json.path("hmacKey").isTextual()) {
            return Reply.text(400, "send a JSON object {\"kid\": \"key id\", \"hmacKey\": \"base64url HMAC key\"}");
        }
        String kid = json.get("kid").textValue();
        EabKeys.Added added;
        try {
            added = keys.add(kid, json.get("hmacKey").textValue());
        } catch (IllegalArgumentException e) {
            return Reply.text(400, e.getMessage());
        }
        if (added == EabKeys.Added.CONFLICT) {
            return Reply.text(409, "key id \"" + kid + "\" already exists with a different HMAC key; choose another");
        }
        LOG.info("EAB key id {} {}", kid, added == EabKeys.Added.ADDED ? "added" : "added again, unchanged");
        ObjectNode reply = mapper.createObjectNode();
        reply.put("kid", kid);
        return new Reply(added == EabKeys.Added.ADDED ? 201 : 200, "application/json", reply.toString());
    }

    private static byte[] read(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            return body.length > MAX_BODY ? null : body;
        }
    }
}
