package dev.cairn.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.authority.Authority;
import dev.cairn.conformance.Rule;
import dev.cairn.protocol.AcmeProblem;
import java.time.Duration;

/** What every endpoint handler uses, built once per server. */
record WebContext(
        Urls urls,
        Replies replies,
        Resources resources,
        RequestPipeline pipeline,
        Authority authority,
        Duration retryAfter,
        boolean strict,
        LegalVariations variations) {

    /** Retry-After on a processing answer; legal-variation mode may vary or omit it. */
    void retryAfter(Exchange ex) {
        variations.retryAfter(ex, retryAfter);
    }

    /** POST-as-GET resources take an empty payload only (RFC 8555 §6.3). */
    static void requirePostAsGet(Exchange ex, AuthenticatedRequest request, String resource) {
        if (!request.isPostAsGet()) {
            throw ex.notes()
                    .noted(
                            Rule.POST_AS_GET_PAYLOAD,
                            AcmeProblem.malformed("To fetch " + resource + " send POST-as-GET: a JWS whose payload"
                                    + " is the empty string (RFC 8555 §6.3)"));
        }
    }

    static String text(JsonNode payload, String member) {
        JsonNode node = payload == null ? null : payload.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw AcmeProblem.malformed("\"" + member + "\" must be a string but was " + node.getNodeType());
        }
        return node.asText();
    }
}
