package dev.cairn.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.authority.Account;
import dev.cairn.authority.AccountKey;
import dev.cairn.authority.AccountService;
import dev.cairn.conformance.Rule;
import dev.cairn.nonce.NonceService;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import dev.cairn.web.jose.AlgorithmPolicy;
import dev.cairn.web.jose.FlattenedJws;
import dev.cairn.web.jose.JwkKeys;
import dev.cairn.web.jose.JwsParser;
import dev.cairn.web.jose.JwsVerifier;
import dev.cairn.web.jose.StrictJson;
import java.io.IOException;
import java.util.Locale;

/**
 * The straight line every ACME POST walks (RFC 8555 §6.2–§6.5), one small step after the
 * other, none calling back into an earlier one:
 *
 * <ol>
 *   <li>Content-Type is {@code application/jose+json} (415 otherwise), body within the limit;
 *   <li>flattened JWS parsed;
 *   <li>key: {@code jwk} only where the endpoint allows it, else {@code kid} → an existing,
 *       valid account;
 *   <li>{@code alg} allowed and fits the key;
 *   <li>signature verified;
 *   <li>nonce redeemed (single use; spent even if the request fails later);
 *   <li>{@code url} equals the URL the request was sent to;
 *   <li>payload parsed: empty for POST-as-GET, else a JSON object.
 * </ol>
 *
 * <p>Each step that refuses (or, outside strict mode, tolerates) a client mistake notes it in
 * the request's {@link ClientNotes} for the conformance report; the answer stays the same.
 */
final class RequestPipeline {
    static final int MAX_BODY = 64 * 1024;

    enum KeyMode {
        JWK,
        KID,
        EITHER
    }

    private final Urls urls;
    private final NonceService nonces;
    private final AccountService accounts;
    private final boolean strict;

    RequestPipeline(Urls urls, NonceService nonces, AccountService accounts, boolean strict) {
        this.urls = urls;
        this.nonces = nonces;
        this.accounts = accounts;
        this.strict = strict;
    }

    AuthenticatedRequest authenticate(Exchange ex, KeyMode mode) {
        ClientNotes notes = ex.notes();
        checkContentType(ex.header("Content-Type"), notes);
        if (ex.header("Replay-Nonce") != null) {
            notes.note(
                    Rule.REPLAY_NONCE_HEADER,
                    "the request carries a Replay-Nonce header; the nonce belongs in"
                            + " the JWS protected header only");
            if (strict) {
                throw AcmeProblem.malformed("Requests must not carry a Replay-Nonce header (RFC 8555 §6.5.1);"
                        + " put the nonce in the JWS protected header");
            }
        }
        FlattenedJws jws = parse(ex.body(MAX_BODY), notes);
        notes.header(jws.header());
        Account account = null;
        AccountKey key;
        if (jws.header().jwk() != null) {
            if (mode == KeyMode.KID) {
                throw notes.noted(
                        Rule.KEY_FORM,
                        AcmeProblem.malformed("This request must be signed with \"kid\" (your account URL), not"
                                + " \"jwk\"; only newAccount and revokeCert with the certificate key use \"jwk\""
                                + " (RFC 8555 §6.2)"));
            }
            key = JwkKeys.toAccountKey(jws.header().jwk());
            notes.thumbprint(key.thumbprint());
        } else {
            if (mode == KeyMode.JWK) {
                throw notes.noted(
                        Rule.KEY_FORM,
                        AcmeProblem.malformed("newAccount must be signed with \"jwk\" (the new account's public key),"
                                + " not \"kid\" (RFC 8555 §7.3)"));
            }
            account = accountFor(jws.header().kid(), notes);
            notes.account(account.id());
            key = account.key();
        }
        checkAlgorithm(jws.header().alg(), key, notes);
        if (!JwsVerifier.verify(jws, key.publicKey())) {
            throw notes.noted(
                    Rule.SIGNATURE_INVALID,
                    AcmeProblem.malformed("The JWS signature does not verify with the "
                            + (account == null ? "\"jwk\" in the protected header" : "key of account " + account.id())
                            + "; sign base64url(protected) + \".\" + base64url(payload) with that key and alg "
                            + jws.header().alg()));
        }
        redeemNonce(jws.header().nonce(), notes);
        String expectedUrl = urls.requestUrl(ex.pathAndQuery());
        if (!expectedUrl.equals(jws.header().url())) {
            throw notes.noted(
                    Rule.URL_MISMATCH,
                    AcmeProblem.unauthorized(
                            "The JWS \"url\" header is \"" + jws.header().url()
                                    + "\" but the request was sent to \"" + expectedUrl
                                    + "\"; set \"url\" to exactly the URL you POST to (RFC 8555 §6.4)"));
        }
        if (account != null) {
            AccountService.requireValid(account);
        }
        return new AuthenticatedRequest(jws, key, account, expectedUrl, payload(jws));
    }

    private void checkContentType(String contentType, ClientNotes notes) {
        String mediaType =
                contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean exact = "application/jose+json".equals(contentType);
        String was = contentType == null ? "missing" : "\"" + contentType + "\"";
        if (!exact) {
            notes.note(Rule.CONTENT_TYPE, "Content-Type must be exactly application/jose+json but was " + was);
        }
        if (!"application/jose+json".equals(mediaType) || (strict && !exact)) {
            throw AcmeProblem.malformed("Content-Type must be application/jose+json"
                            + (strict ? " with no parameters (strict mode)" : "") + " but was " + was
                            + " (RFC 8555 §6.2)")
                    .withStatus(415);
        }
    }

    private static FlattenedJws parse(byte[] body, ClientNotes notes) {
        try {
            return JwsParser.parse(body);
        } catch (AcmeProblem problem) {
            throw notes.noted(Rule.JWS_MALFORMED, problem);
        }
    }

    private Account accountFor(String kid, ClientNotes notes) {
        String id = urls.accountId(kid);
        if (id == null) {
            throw notes.noted(
                    Rule.ACCOUNT_UNKNOWN,
                    AcmeProblem.malformed("\"kid\" must be the account URL this server returned in Location" + " ("
                            + urls.account("…") + "), but was \"" + kid + "\""));
        }
        return accounts.byId(id)
                .orElseThrow(() -> notes.noted(
                        Rule.ACCOUNT_UNKNOWN,
                        AcmeProblem.of(
                                ProblemType.ACCOUNT_DOES_NOT_EXIST,
                                "No account exists at " + kid
                                        + "; create one with newAccount or use the URL newAccount returned")));
    }

    /**
     * Only a misuse is noted: {@code none}, a MAC, or an algorithm Cairn supports that does not
     * fit the key. An algorithm that is fine in JOSE but not offered here (RS384, PS256) is the
     * server's limit, answered with the list to choose from (RFC 8555 §6.2).
     */
    private static void checkAlgorithm(String alg, AccountKey key, ClientNotes notes) {
        try {
            AlgorithmPolicy.check(alg, key.publicKey());
        } catch (AcmeProblem problem) {
            if ("none".equalsIgnoreCase(alg) || alg.startsWith("HS") || AlgorithmPolicy.SUPPORTED.contains(alg)) {
                notes.note(Rule.ALG_INVALID, "RFC 8555 §6.2, RFC 7518 §3.1", problem.detail());
            }
            throw problem;
        }
    }

    /**
     * Every refusal is badNonce with the same detail whatever the reason (RFC 8555 §6.5). The
     * report tells reuse and made-up nonces apart and leaves out expired ones and test mode's
     * deliberate refusals, which are no client's fault.
     */
    private void redeemNonce(String nonce, ClientNotes notes) {
        if (nonce == null || nonce.isEmpty()) {
            notes.badNonce();
            throw notes.noted(
                    Rule.NONCE_MISSING,
                    AcmeProblem.of(
                            ProblemType.BAD_NONCE,
                            "The JWS protected header has no \"nonce\"; get one from"
                                    + " newNonce or the Replay-Nonce header of any response (RFC 8555 §6.5)"));
        }
        NonceService.Redemption redemption = nonces.spend(nonce);
        if (redemption == NonceService.Redemption.ACCEPTED) {
            return;
        }
        notes.badNonce();
        if (redemption == NonceService.Redemption.REUSED) {
            notes.note(
                    Rule.NONCE_REUSED,
                    "the nonce \"" + abbreviate(nonce) + "\" was already used by an earlier request");
        } else if (redemption == NonceService.Redemption.NOT_ISSUED) {
            notes.note(Rule.NONCE_UNKNOWN, "the nonce \"" + abbreviate(nonce) + "\" was never issued by this server");
        }
        throw AcmeProblem.of(
                ProblemType.BAD_NONCE,
                "The nonce \"" + abbreviate(nonce) + "\" is unknown, expired"
                        + " or already used; retry with the nonce from this response's Replay-Nonce header");
    }

    private JsonNode payload(FlattenedJws jws) {
        if (jws.isPostAsGet()) {
            return null;
        }
        try {
            JsonNode node = StrictJson.read(jws.payload());
            if (node == null || !node.isObject()) {
                throw AcmeProblem.malformed("The JWS payload must be a JSON object, or empty for POST-as-GET");
            }
            return node;
        } catch (IOException e) {
            throw AcmeProblem.malformed("The JWS payload is not valid JSON: " + e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
