package dev.cairn.authority;

import dev.cairn.protocol.AuthorizationStatus;
import dev.cairn.protocol.OrderStatus;
import dev.cairn.protocol.Problem;
import dev.cairn.protocol.ProblemType;
import java.time.Instant;
import java.util.List;

/**
 * RFC 8555 §7.1.6: the one place an order's status is decided, as a pure function of the
 * stored order, its authorizations and the time.
 *
 * <pre>
 *  valid, invalid, processing (stored phase)  → as stored; valid and invalid are final
 *  now ≥ expires                              → invalid
 *  any authorization invalid / deactivated /
 *      expired / revoked                      → invalid
 *  every authorization valid                  → ready
 *  otherwise                                  → pending
 * </pre>
 */
public final class OrderStatusRule {
    private OrderStatusRule() {}

    public static OrderStatus statusOf(Order order, List<Authorization> authorizations, Instant now) {
        switch (order.phase()) {
            case VALID:
            case INVALID:
            case PROCESSING:
                return order.phase();
            default:
                break;
        }
        if (!now.isBefore(order.expires())) {
            return OrderStatus.INVALID;
        }
        boolean allValid = true;
        for (Authorization authz : authorizations) {
            AuthorizationStatus s = authz.effectiveStatus(now);
            if (s != AuthorizationStatus.VALID && s != AuthorizationStatus.PENDING) {
                return OrderStatus.INVALID;
            }
            allValid &= s == AuthorizationStatus.VALID;
        }
        return allValid && !authorizations.isEmpty() ? OrderStatus.READY : OrderStatus.PENDING;
    }

    /** The {@code error} of an order whose derived status is invalid (RFC 8555 §7.1.3 SHOULD). */
    public static Problem errorOf(Order order, List<Authorization> authorizations, Instant now) {
        if (order.phase() == OrderStatus.INVALID) {
            return order.error();
        }
        if (order.phase() != OrderStatus.PENDING) {
            return null;
        }
        if (!now.isBefore(order.expires())) {
            return Problem.of(
                    ProblemType.MALFORMED,
                    "Order expired at " + order.expires() + " before it was finalized; create a new order");
        }
        for (Authorization authz : authorizations) {
            AuthorizationStatus s = authz.effectiveStatus(now);
            if (s == AuthorizationStatus.INVALID) {
                return authz.challenges().stream()
                        .filter(c -> c.error() != null)
                        .map(Challenge::error)
                        .findFirst()
                        .orElse(Problem.of(
                                ProblemType.UNAUTHORIZED, "Authorization for " + authz.identifier() + " is invalid"));
            }
            if (s != AuthorizationStatus.VALID && s != AuthorizationStatus.PENDING) {
                return Problem.of(
                        ProblemType.UNAUTHORIZED,
                        "Authorization for " + authz.identifier() + " is " + s.wire()
                                + "; this order can no longer be finalized, create a new order");
            }
        }
        return null;
    }
}
