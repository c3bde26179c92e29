package dev.cairn.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.authority.AuthorizationView;
import dev.cairn.protocol.AcmeProblem;
import java.util.List;

/** RFC 8555 §7.4.1 pre-authorization: {@code {"identifier": {…}}} → 201 + Location and a pending authorization. */
final class NewAuthzEndpoint extends PostEndpoint {
    NewAuthzEndpoint(WebContext ctx) {
        super(ctx, RequestPipeline.KeyMode.KID);
    }

    @Override
    void handle(Exchange ex, AuthenticatedRequest request, List<String> params) {
        JsonNode payload = request.payload();
        if (payload == null || !payload.has("identifier")) {
            throw AcmeProblem.malformed("newAuthz needs a payload {\"identifier\": {\"type\": …, \"value\": …}};"
                    + " POST-as-GET is not a pre-authorization");
        }
        JsonNode identifier = payload.get("identifier");
        if (identifier.isArray()) {
            throw AcmeProblem.malformed("\"identifier\" is one object {\"type\": …, \"value\": …}, not an array;"
                    + " to authorize several identifiers send one newAuthz request each, or create an order");
        }
        AuthorizationView view = ctx.authority()
                .orders()
                .preAuthorize(
                        request.account(),
                        NewOrderEndpoint.identifiers(
                                        ctx.replies().mapper().createArrayNode().add(identifier))
                                .get(0));
        ex.setHeader("Location", ctx.urls().authorization(view.authorization().id()));
        ctx.replies().json(ex, 201, ctx.resources().authorization(view));
    }
}
