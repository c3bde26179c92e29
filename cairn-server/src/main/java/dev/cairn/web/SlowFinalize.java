package dev.cairn.web;

import dev.cairn.authority.OrderView;
import dev.cairn.protocol.OrderStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test mode's slow finalize ({@code --slow-finalize N}): an order whose certificate is ready
 * is still shown as {@code processing} (no certificate URL, with Retry-After) in the finalize
 * response and in the first N polls of the order, so a client's polling loop is exercised.
 * Only the rendering is held back; the order itself is valid in storage. Poll counts are kept
 * per order for the life of the process (test mode is in memory and short-lived).
 */
final class SlowFinalize {
    private final int polls;
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();

    SlowFinalize(int polls) {
        if (polls < 0) {
            throw new IllegalArgumentException("slow finalize polls must be ≥ 0, not " + polls);
        }
        this.polls = polls;
    }

    /** Whether the finalize response for {@code view} shows processing. */
    boolean holdsFinalize(OrderView view) {
        return polls > 0 && view.status() == OrderStatus.VALID;
    }

    /** Whether this poll of {@code view} shows processing; counts the poll. */
    boolean holdsPoll(OrderView view) {
        if (polls == 0 || view.status() != OrderStatus.VALID) {
            return false;
        }
        return seen.merge(view.order().id(), 1, Integer::sum) <= polls;
    }
}
