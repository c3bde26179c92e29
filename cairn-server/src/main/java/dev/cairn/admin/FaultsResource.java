package dev.cairn.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.faults.Fault;
import dev.cairn.faults.FaultInjector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /faults}: the injected-fault rules now in force; {@code POST /faults} with
 * {@code {"faults": ["newOrder:503:50", {"endpoint": "*", "kind": "500", "percent": 5}]}}
 * replaces them all (an empty list turns fault injection off). A bad rule changes nothing
 * and answers 400 naming it.
 */
final class FaultsResource {
    private static final Logger LOG = LoggerFactory.getLogger(FaultsResource.class);

    private final FaultInjector faults;
    private final ObjectMapper mapper;

    FaultsResource(FaultInjector faults, ObjectMapper mapper) {
        this.faults = faults;
        this.mapper = mapper;
    }

    EabKeysResource.Reply handle(Request request) throws IOException {
        switch (request.getMethod()) {
            case "GET" -> {
                return current(200);
            }
            case "POST" -> {
                List<Fault> parsed;
                try {
                    parsed = parse(mapper.readTree(Content.Source.asString(request)));
                } catch (IllegalArgumentException | IOException e) {
                    return new EabKeysResource.Reply(400, "text/plain", e.getMessage() + "\n");
                }
                faults.replace(parsed);
                LOG.info("fault injection rules replaced by the management API: {}", parsed);
                return current(200);
            }
            default -> {
                return new EabKeysResource.Reply(405, "text/plain", "use GET or POST\n");
            }
        }
    }

    private EabKeysResource.Reply current(int status) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode list = body.putArray("faults");
        for (Fault f : faults.faults()) {
            list.addObject()
                    .put("endpoint", f.endpoint())
                    .put("kind", f.kind().code())
                    .put("percent", f.percent())
                    .put("rule", f.toString());
        }
        return new EabKeysResource.Reply(status, "application/json", body.toString());
    }

    private static List<Fault> parse(JsonNode body) {
        JsonNode list = body == null ? null : body.get("faults");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("send {\"faults\": [\"ENDPOINT:KIND:PCT\", ...]}");
        }
        List<Fault> parsed = new ArrayList<>();
        for (JsonNode item : list) {
            if (item.isTextual()) {
                parsed.add(Fault.parse(item.asText()));
            } else if (item.isObject()) {
                parsed.add(Fault.parse(
                        item.path("endpoint").asText() + ":" + item.path("kind").asText() + ":"
                                + item.path("percent").asText()));
            } else {
                throw new IllegalArgumentException("each fault is \"ENDPOINT:KIND:PCT\" or {endpoint, kind, percent}");
            }
        }
        return parsed;
    }
}
