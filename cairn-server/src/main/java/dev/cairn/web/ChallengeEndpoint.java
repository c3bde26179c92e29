package dev.cairn.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.authority.ChallengeService.ChallengeResult;
import dev.cairn.conformance.Rule;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ChallengeStatus;
import java.util.List;

/**
 * A challenge (RFC 8555 §7.5.1): POST-as-GET reads it; a JSON object (the response, {@code {}}
 * for the three supported types) asks for validation. Members the type does not define are
 * ignored (erratum 5729), except in strict mode where only {@code {}} is accepted.
 *
 * <p>In legal-variation mode ({@code --vary sync}) the response either waits until the
 * validation is done or answers at once with the challenge {@code processing}, even when the
 * validation happened to finish first (RFC 8555 §7.5.1 allows either).
 */
final class ChallengeEndpoint extends PostEndpoint {
    ChallengeEndpoint(WebContext ctx) {
        super(ctx, RequestPipeline.KeyMode.KID);
    }

    @Override
    void handle(Exchange ex, AuthenticatedRequest request, List<String> params) {
        ChallengeResult result;
        boolean heldBack = false;
        if (request.isPostAsGet()) {
            result = ctx.authority().challenges().challenge(request.account(), params.get(0), params.get(1));
        } else {
            if (!request.payload().isEmpty()) {
                String members = String.join(", ", (Iterable<String>) request.payload()::fieldNames);
                ex.notes()
                        .note(
                                Rule.CHALLENGE_RESPONSE,
                                "RFC 8555 §7.5.1, §8.3, §8.4; RFC 8737 §3",
                                "the challenge response must be {} but had members " + members);
                if (ctx.strict()) {
                    throw AcmeProblem.malformed("In strict mode the challenge response must be exactly {} for "
                            + "http-01, dns-01 and tls-alpn-01 (RFC 8555 §8.3, §8.4), but had members "
                            + request.payload().fieldNames().next());
                }
            }
            LegalVariations.Wait wait = ctx.variations().validation();
            if (wait == LegalVariations.Wait.CONFIGURED) {
                result = ctx.authority().challenges().respond(request.account(), params.get(0), params.get(1));
            } else {
                boolean pending = wait == LegalVariations.Wait.ASYNCHRONOUS && isPending(request, params);
                result = ctx.authority()
                        .challenges()
                        .respond(request.account(), params.get(0), params.get(1), wait.duration());
                // Only the response of the request that started the validation is held back, so a status
                // the client has already seen final never goes back to processing.
                heldBack = pending && isFinal(result.challenge().status());
            }
        }
        ex.addHeader(
                "Link", "<" + ctx.urls().authorization(result.authorization().id()) + ">;rel=\"up\"");
        ObjectNode body = ctx.resources().challenge(result.authorization(), result.challenge());
        if (heldBack) {
            body.put("status", ChallengeStatus.PROCESSING.wire());
            body.remove("validated");
            body.remove("error");
        }
        if (heldBack || result.challenge().status() == ChallengeStatus.PROCESSING) {
            ctx.retryAfter(ex);
        }
        ctx.replies().json(ex, 200, body);
    }

    private boolean isPending(AuthenticatedRequest request, List<String> params) {
        return ctx.authority()
                        .challenges()
                        .challenge(request.account(), params.get(0), params.get(1))
                        .challenge()
                        .status()
                == ChallengeStatus.PENDING;
    }

    private static boolean isFinal(ChallengeStatus status) {
        return status == ChallengeStatus.VALID || status == ChallengeStatus.INVALID;
    }
}
