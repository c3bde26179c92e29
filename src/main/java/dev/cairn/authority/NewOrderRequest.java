package dev.cairn.authority;

import dev.cairn.protocol.Identifier;
import java.time.Instant;
import java.util.List;

/** A newOrder payload (RFC 8555 §7.4); identifiers as the client sent them, not yet normalised. */
public record NewOrderRequest(List<Identifier> identifiers, Instant notBefore, Instant notAfter) {
    public NewOrderRequest {
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    }
}
