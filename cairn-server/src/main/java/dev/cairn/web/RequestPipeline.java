package dev.cairn.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.authority.Account;
import dev.cairn.authority.AccountKey;
import dev.cairn.authority.AccountService;
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
        checkContentType(ex.header("Content-Type"));
        if (ex.header("Replay-Nonce") != null && strict) {
            throw AcmeProblem.malformed("Requests must not carry a Replay-Nonce header (RFC 8555 §6.5.1);"
                    + " put the nonce in the JWS protected header");
        }
        FlattenedJws jws = JwsParser.parse(ex.body(MAX_BODY));
        Account account = null;
        AccountKey key;
        if (jws.header().jwk() != null) {
            if (mode == KeyMode.KID) {
                throw AcmeProblem.malformed("This request must be signed with \"kid\" (your account URL), not \"jwk\";"
                        + " only newAccount and revokeCert with the certificate key use \"jwk\" (RFC 8555 §6.2)");
            }
            key = JwkKeys.toAccountKey(jws.header().jwk());
        } else {
            if (mode == KeyMode.JWK) {
                throw AcmeProblem.malformed("newAccount must be signed with \"jwk\" (the new account's public key),"
                        + " not \"kid\" (RFC 8555 §7.3)");
            }
            account = accountFor(jws.header().kid());
            key = account.key();
        }
        AlgorithmPolicy.check(jws.header().alg(), key.publicKey());
        if (!JwsVerifier.verify(jws, key.publicKey())) {
            throw AcmeProblem.malformed("The JWS signature does not verify with the "
                    + (account == null ? "\"jwk\" in the protected header" : "key of account " + account.id())
                    + "; sign base64url(protected) + \".\" + base64url(payload) with that key and alg "
                    + jws.header().alg());
        }
        redeemNonce(jws.header().nonce());
        String expectedUrl = urls.requestUrl(ex.pathAndQuery());
        if (!expectedUrl.equals(jws.header().url())) {
            throw AcmeProblem.unauthorized(
                    "The JWS \"url\" header is \"" + jws.header().url()
                            + "\" but the request was sent to \"" + expectedUrl
                            + "\"; set \"url\" to exactly the URL you POST to (RFC 8555 §6.4)");
        }
        if (account != null) {
            AccountService.requireValid(account);
        }
        return new AuthenticatedRequest(jws, key, account, expectedUrl, payload(jws));
    }

    private void checkContentType(String contentType) {
        String mediaType =
                contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean exact = "application/jose+json".equals(contentType);
        if (!"application/jose+json".equals(mediaType) || (strict && !exact)) {
            throw AcmeProblem.malformed("Content-Type must be application/jose+json"
                            + (strict ? " with no parameters (strict mode)" : "") + " but was "
                            + (contentType == null ? "missing" : "\"" + contentType + "\"") + " (RFC 8555 §6.2)")
                    .withStatus(415);
        }
    }

    private Account accountFor(String kid) {
        String id = urls.accountId(kid);
        if (id == null) {
            throw AcmeProblem.malformed("\"kid\" must be the account URL this server returned in Location" + " ("
                    + urls.account("…") + "), but was \"" + kid + "\"");
        }
        return accounts.byId(id)
                .orElseThrow(() -> AcmeProblem.of(
                        ProblemType.ACCOUNT_DOES_NOT_EXIST,
                        "No account exists at " + kid
                                + "; create one with newAccount or use the URL newAccount returned"));
    }

    private void redeemNonce(String nonce) {
        if (nonce == null || nonce.isEmpty()) {
            throw AcmeProblem.of(
                    ProblemType.BAD_NONCE,
                    "The JWS protected header has no \"nonce\"; get one from"
                            + " newNonce or the Replay-Nonce header of any response (RFC 8555 §6.5)");
        }
        if (!nonces.redeem(nonce)) {
            throw AcmeProblem.of(
                    ProblemType.BAD_NONCE,
                    "The nonce \"" + abbreviate(nonce) + "\" is unknown, expired"
                            + " or already used; retry with the nonce from this response's Replay-Nonce header");
        }
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
