package dev.cairn.protocol;

import java.util.Objects;

/**
 * An ACME identifier (RFC 8555 §9.7.7): {@code dns} or {@code ip} (RFC 8738). Values held
 * here are already normalised by {@code policy.IdentifierPolicy}; the record does not
 * normalise by itself so that a wire value is never silently changed.
 */
public record Identifier(String type, String value) {
    public static final String DNS = "dns";
    public static final String IP = "ip";

    public Identifier {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    public static Identifier dns(String name) {
        return new Identifier(DNS, name);
    }

    public static Identifier ip(String address) {
        return new Identifier(IP, address);
    }

    public boolean isWildcard() {
        return DNS.equals(type) && value.startsWith("*.");
    }

    /** The identifier an authorization is for: a wildcard's base domain (RFC 8555 §7.1.3). */
    public Identifier withoutWildcard() {
        return isWildcard() ? new Identifier(type, value.substring(2)) : this;
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
