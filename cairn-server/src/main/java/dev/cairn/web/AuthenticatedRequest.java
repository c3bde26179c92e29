package dev.cairn.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.authority.Account;
import dev.cairn.authority.AccountKey;
import dev.cairn.web.jose.FlattenedJws;

/**
 * A POST that passed the whole pipeline: its signature verified with {@code key}, its nonce
 * redeemed, its {@code url} equal to the request URL. {@code account} is set for {@code kid}
 * requests and null for {@code jwk} requests (newAccount, revokeCert by certificate key).
 */
record AuthenticatedRequest(FlattenedJws jws, AccountKey key, Account account, String url, JsonNode payload) {
    boolean isPostAsGet() {
        return jws.isPostAsGet();
    }
}
