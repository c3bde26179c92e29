package dev.cairn.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.authority.NewOrderRequest;
import dev.cairn.authority.OrderView;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.Identifier;
import java.util.ArrayList;
import java.util.List;

/** RFC 8555 §7.4: 201 + Location and the order; {@code replaces} per RFC 9773 §5, {@code profile} per
 * draft-ietf-acme-profiles §4. */
final class NewOrderEndpoint implements Endpoint {
    private final WebContext ctx;

    NewOrderEndpoint(WebContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Exchange ex, List<String> params) {
        if (!ex.isPost()) {
            throw MethodNotAllowed.of(ex, "POST");
        }
        AuthenticatedRequest request = ctx.pipeline().authenticate(ex, RequestPipeline.KeyMode.KID);
        JsonNode payload = request.payload();
        if (payload == null) {
            throw AcmeProblem.malformed(
                    "newOrder needs a payload with \"identifiers\"; POST-as-GET is not a new order");
        }
        NewOrderRequest order = new NewOrderRequest(
                identifiers(payload.get("identifiers")),
                Payloads.time(payload, "notBefore"),
                Payloads.time(payload, "notAfter"),
                WebContext.text(payload, "replaces"),
                WebContext.text(payload, "profile"));
        OrderView view = ctx.authority().orders().newOrder(request.account(), order);
        ex.setHeader("Location", ctx.urls().order(view.order().id()));
        ctx.replies().json(ex, 201, ctx.resources().order(view));
    }

    static List<Identifier> identifiers(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw AcmeProblem.malformed("\"identifiers\" must be a non-empty array of {\"type\": …, \"value\": …}");
        }
        List<Identifier> out = new ArrayList<>();
        for (JsonNode item : node) {
            JsonNode type = item.get("type");
            JsonNode value = item.get("value");
            if (!item.isObject() || type == null || !type.isTextual() || value == null || !value.isTextual()) {
                throw AcmeProblem.malformed("Each identifier must be an object with string \"type\" and \"value\","
                        + " but one was " + item);
            }
            out.add(new Identifier(type.asText(), value.asText()));
        }
        return out;
    }
}
