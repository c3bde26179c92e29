package dev.cairn.storage;

import dev.cairn.authority.Authorization;
import dev.cairn.authority.Order;
import java.util.Comparator;

/**
 * The order in which every {@link Storage} returns lists. Ties are broken by id, compared as
 * Java strings: SQL backends sort in Java after fetching because a database's collation
 * (PostgreSQL follows the server locale) would order mixed-case ids differently.
 */
public final class Listings {
    /** {@link Storage#ordersByAccount} and {@link Storage#ordersInPhase}: oldest first. */
    public static final Comparator<Order> ORDERS_OLDEST_FIRST =
            Comparator.comparing(Order::createdAt).thenComparing(Order::id);

    /** {@link Storage#authorizationsFor}: newest (latest expiry) first. */
    public static final Comparator<Authorization> AUTHORIZATIONS_NEWEST_FIRST =
            Comparator.comparing(Authorization::expires).reversed().thenComparing(Authorization::id);

    /** {@link Storage#authorizationsWithProcessingChallenges}. */
    public static final Comparator<Authorization> AUTHORIZATIONS_BY_ID = Comparator.comparing(Authorization::id);

    private Listings() {}
}
