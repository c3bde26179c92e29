package dev.cairn.conformance;

import java.util.Objects;

/**
 * Whose report a violation goes in: an account ({@code id} is the last segment of its URL), or
 * {@link #ANONYMOUS} for requests that name no existing account (no parseable JWS, an unknown
 * {@code kid}, a new key that did not become an account).
 */
public record ClientRef(String id, String accountUrl) {
    public static final String ANONYMOUS_ID = "anonymous";
    public static final ClientRef ANONYMOUS = new ClientRef(ANONYMOUS_ID, null);

    public ClientRef {
        Objects.requireNonNull(id, "id");
        if (ANONYMOUS_ID.equals(id) != (accountUrl == null)) {
            throw new IllegalArgumentException("only the anonymous client has no account URL");
        }
    }

    public static ClientRef account(String id, String accountUrl) {
        return new ClientRef(id, Objects.requireNonNull(accountUrl, "accountUrl"));
    }

    public boolean isAnonymous() {
        return accountUrl == null;
    }
}
