package dev.cairn.authority;

import dev.cairn.protocol.OrderStatus;
import dev.cairn.protocol.Problem;
import java.util.List;

/** An order as a client sees it at one instant: its derived status and error (RFC 8555 §7.1.6). */
public record OrderView(Order order, OrderStatus status, Problem error, List<Authorization> authorizations) {
    public OrderView {
        authorizations = List.copyOf(authorizations);
    }
}
