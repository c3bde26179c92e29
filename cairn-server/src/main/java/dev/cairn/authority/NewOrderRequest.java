package dev.cairn.authority;

import dev.cairn.protocol.Identifier;
import java.time.Instant;
import java.util.List;

/**
 * A newOrder payload (RFC 8555 §7.4); identifiers as the client sent them, not yet normalised.
 * {@code replaces} is the RFC 9773 §5 certID as sent, or null; {@code profile} the
 * draft-ietf-acme-profiles profile name as sent, or null.
 */
public record NewOrderRequest(
        List<Identifier> identifiers, Instant notBefore, Instant notAfter, String replaces, String profile) {
    public NewOrderRequest {
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    }
}
