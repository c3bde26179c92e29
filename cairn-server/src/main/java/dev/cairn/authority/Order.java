package dev.cairn.authority;

import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.OrderStatus;
import dev.cairn.protocol.Problem;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An order (RFC 8555 §7.1.3) as stored. {@code phase} is the part of the status the order
 * owns itself: {@code PENDING} until finalize, then {@code PROCESSING}, {@code VALID} or
 * {@code INVALID}. What a client sees ({@code ready}, or {@code invalid} because an
 * authorization failed or the order expired) is derived by {@link OrderStatusRule}.
 * {@code replaces} is the RFC 9773 certID of the certificate this order renews, or null.
 * {@code profile} is the name of the ACME profile (draft-ietf-acme-profiles) the order was
 * accepted under; null only for orders stored before profiles existed (read as the default).
 */
public record Order(
        String id,
        String accountId,
        OrderStatus phase,
        Instant createdAt,
        Instant expires,
        List<Identifier> identifiers,
        List<String> authorizationIds,
        Instant notBefore,
        Instant notAfter,
        Problem error,
        String certificateSerial,
        String replaces,
        String profile,
        long version) {
    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expires, "expires");
        identifiers = List.copyOf(identifiers);
        authorizationIds = List.copyOf(authorizationIds);
        if (phase == OrderStatus.READY) {
            throw new IllegalArgumentException("ready is derived, never stored");
        }
    }

    public Order processing() {
        return withPhase(OrderStatus.PROCESSING, null, null);
    }

    public Order valid(String serial) {
        return withPhase(OrderStatus.VALID, null, serial);
    }

    public Order invalid(Problem problem) {
        return withPhase(OrderStatus.INVALID, problem, null);
    }

    private Order withPhase(OrderStatus newPhase, Problem newError, String serial) {
        return new Order(
                id,
                accountId,
                newPhase,
                createdAt,
                expires,
                identifiers,
                authorizationIds,
                notBefore,
                notAfter,
                newError,
                serial,
                replaces,
                profile,
                version);
    }

    public Order withVersion(long newVersion) {
        return new Order(
                id,
                accountId,
                phase,
                createdAt,
                expires,
                identifiers,
                authorizationIds,
                notBefore,
                notAfter,
                error,
                certificateSerial,
                replaces,
                profile,
                newVersion);
    }
}
