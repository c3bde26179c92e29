package dev.cairn.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.authority.Account;
import dev.cairn.authority.AccountKey;
import dev.cairn.authority.KeyConflict;
import dev.cairn.conformance.Rule;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.web.jose.AlgorithmPolicy;
import dev.cairn.web.jose.FlattenedJws;
import dev.cairn.web.jose.JwkKeys;
import dev.cairn.web.jose.JwsParser;
import dev.cairn.web.jose.JwsVerifier;
import dev.cairn.web.jose.StrictJson;
import java.io.IOException;
import java.util.List;

/**
 * RFC 8555 §7.3.5 key rollover. The outer JWS (old key, {@code kid}) went through the
 * pipeline; here the inner JWS is checked: signed by the new key given as {@code jwk}, no
 * nonce, the same {@code url}, and a payload naming this account and its current key.
 */
final class KeyChangeEndpoint extends PostEndpoint {
    KeyChangeEndpoint(WebContext ctx) {
        super(ctx, RequestPipeline.KeyMode.KID);
    }

    @Override
    void handle(Exchange ex, AuthenticatedRequest outer, List<String> params) {
        if (outer.payload() == null) {
            throw AcmeProblem.malformed("keyChange needs a payload: the inner JWS signed by the new key");
        }
        FlattenedJws inner = JwsParser.parse(outer.payload());
        AccountKey newKey = checkInner(inner, outer, ex.notes());
        Account account = outer.account();
        checkInnerPayload(inner, account);
        try {
            Account changed = ctx.authority().accounts().changeKey(account, newKey);
            ctx.replies().json(ex, 200, ctx.resources().account(changed));
        } catch (KeyConflict conflict) {
            throw AcmeProblem.malformed("The new key already belongs to account "
                            + ctx.urls().account(conflict.existingAccountId())
                            + "; roll over to a key no other account uses")
                    .withStatus(409)
                    .withHeader("Location", ctx.urls().account(conflict.existingAccountId()));
        }
    }

    private AccountKey checkInner(FlattenedJws inner, AuthenticatedRequest outer, ClientNotes notes) {
        if (inner.header().jwk() == null) {
            throw AcmeProblem.malformed(
                    "The inner JWS of keyChange must carry the new key as \"jwk\" (RFC 8555 §7.3.5)");
        }
        if (inner.header().nonce() != null) {
            throw notes.noted(
                    Rule.FORBIDDEN_FIELD,
                    "RFC 8555 §7.3.5",
                    AcmeProblem.malformed("The inner JWS of keyChange must not have a \"nonce\" (RFC 8555 §7.3.5)"));
        }
        if (!outer.url().equals(inner.header().url())) {
            throw AcmeProblem.malformed(
                    "The inner JWS \"url\" is \"" + inner.header().url() + "\" but must equal the outer \"url\" \""
                            + outer.url() + "\" (RFC 8555 §7.3.5)");
        }
        AccountKey newKey = JwkKeys.toAccountKey(inner.header().jwk());
        AlgorithmPolicy.check(inner.header().alg(), newKey.publicKey());
        if (!JwsVerifier.verify(inner, newKey.publicKey())) {
            throw AcmeProblem.malformed("The inner JWS signature does not verify with its \"jwk\"; sign the inner"
                    + " JWS with the new key");
        }
        return newKey;
    }

    private void checkInnerPayload(FlattenedJws inner, Account account) {
        JsonNode payload;
        try {
            payload = StrictJson.read(inner.payload());
        } catch (IOException e) {
            throw AcmeProblem.malformed("The inner JWS payload is not JSON: " + e.getMessage());
        }
        if (payload == null || !payload.isObject()) {
            throw AcmeProblem.malformed("The inner JWS payload must be {\"account\": …, \"oldKey\": …}");
        }
        String accountUrl = ctx.urls().account(account.id());
        if (!accountUrl.equals(WebContext.text(payload, "account"))) {
            throw AcmeProblem.malformed("The inner payload's \"account\" must be " + accountUrl
                    + " (the outer kid), but was " + payload.get("account"));
        }
        JsonNode oldKey = payload.get("oldKey");
        if (oldKey == null || !oldKey.isObject()) {
            throw AcmeProblem.malformed(
                    "The inner payload must have \"oldKey\": the account's current public key as a JWK");
        }
        if (!JwkKeys.thumbprint(oldKey).equals(account.key().thumbprint())) {
            throw AcmeProblem.malformed("The inner payload's \"oldKey\" is not the account's current key");
        }
    }
}
