package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.authority.Authorization;
import dev.cairn.authority.Order;
import dev.cairn.protocol.AuthorizationStatus;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.OrderStatus;
import dev.cairn.storage.memory.InMemoryStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 3 retention: expired orders and authorizations go after the window; issued history stays. */
class RetentionJobTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final CairnConfig.Retention WEEK =
            new CairnConfig.Retention(Duration.ofDays(7), Duration.ofHours(1));

    @Test
    void prunesExpiredPendingOrdersAfterTheWindowAndKeepsValidOnes() {
        InMemoryStorage storage = new InMemoryStorage();
        Authorization authz = new Authorization(
                "z1",
                "acct",
                Identifier.dns("old.test"),
                false,
                AuthorizationStatus.PENDING,
                T0.plus(Duration.ofDays(1)),
                List.of(),
                0);
        storage.createOrder(order("abandoned", OrderStatus.PENDING, List.of("z1")), List.of(authz));
        storage.createOrder(order("issued", OrderStatus.VALID, List.of()), List.of());

        assertThat(RetentionJob.prune(storage, WEEK, Clock.fixed(T0.plus(Duration.ofDays(3)), ZoneOffset.UTC)))
                .isZero();
        assertThat(storage.orderById("abandoned")).isPresent();

        assertThat(RetentionJob.prune(storage, WEEK, Clock.fixed(T0.plus(Duration.ofDays(10)), ZoneOffset.UTC)))
                .isEqualTo(2);
        assertThat(storage.orderById("abandoned")).isEmpty();
        assertThat(storage.authorizationById("z1")).isEmpty();
        assertThat(storage.orderById("issued")).isPresent();
    }

    private static Order order(String id, OrderStatus phase, List<String> authzs) {
        return new Order(
                id,
                "acct",
                phase,
                T0,
                T0.plus(Duration.ofDays(1)),
                List.of(Identifier.dns("old.test")),
                authzs,
                null,
                null,
                null,
                phase == OrderStatus.VALID ? "abc" : null,
                null,
                null,
                0);
    }
}
