package dev.cairn.authority;

/**
 * A key change to a key that another account already has (RFC 8555 §7.3.5): answered 409
 * Conflict with that account's URL in Location, which only {@code web} can build.
 */
public final class KeyConflict extends RuntimeException {
    private final String existingAccountId;

    public KeyConflict(String existingAccountId) {
        super("the new key already belongs to another account", null, false, false);
        this.existingAccountId = existingAccountId;
    }

    public String existingAccountId() {
        return existingAccountId;
    }
}
