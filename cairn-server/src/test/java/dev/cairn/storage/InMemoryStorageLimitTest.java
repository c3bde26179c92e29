package dev.cairn.storage;

import static dev.cairn.storage.StorageFixtures.NOW;
import static dev.cairn.storage.StorageFixtures.account;
import static dev.cairn.storage.StorageFixtures.authorization;
import static dev.cairn.storage.StorageFixtures.certificate;
import static dev.cairn.storage.StorageFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.authority.Authorization;
import dev.cairn.authority.Order;
import dev.cairn.protocol.Identifier;
import dev.cairn.storage.memory.InMemoryStorage;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryStorageLimitTest {
    private static final Identifier SHARED = new Identifier(Identifier.DNS, "shared.example");

    private final InMemoryStorage storage = new InMemoryStorage(2);

    /** An order for {@code authzs}, finalized with a certificate whose serial is {@code serial}. */
    private void issue(String orderId, String serial, List<Authorization> authzs, List<Authorization> fresh) {
        Order pending = storage.createOrder(order(orderId, "acct-1", NOW, authzs), fresh);
        Order processing = storage.updateOrder(pending.processing()).orElseThrow();
        storage.createCertificate(certificate(serial, "acct-1", orderId), processing.valid(serial));
    }

    @Test
    void pastTheLimitTheOldestCertificateGoesWithItsOrderAndTheAuthorizationsNoOtherOrderNames() {
        storage.createAccount(account("acct-1", "thumb-1"));
        Authorization own = authorization("authz-own", "acct-1", new Identifier(Identifier.DNS, "a.example"), NOW);
        Authorization shared = authorization("authz-shared", "acct-1", SHARED, NOW);
        issue("order-1", "01", List.of(own, shared), List.of(own, shared));
        issue("order-2", "02", List.of(shared), List.of()); // reuses the shared authorization
        assertThat(storage.certificateBySerial("01")).isPresent();

        Authorization third = authorization("authz-3", "acct-1", new Identifier(Identifier.DNS, "c.example"), NOW);
        issue("order-3", "03", List.of(third), List.of(third));

        assertThat(storage.certificateBySerial("01")).isEmpty();
        assertThat(storage.orderById("order-1")).isEmpty();
        assertThat(storage.ordersByAccount("acct-1")).extracting(Order::id).containsExactly("order-2", "order-3");
        assertThat(storage.authorizationById("authz-own")).isEmpty();
        assertThat(storage.authorizationsFor("acct-1", own.identifier())).isEmpty();
        assertThat(storage.authorizationById("authz-shared")).isPresent(); // order-2 still names it
        assertThat(storage.certificateBySerial("02")).isPresent();
        assertThat(storage.certificateBySerial("03")).isPresent();
        assertThat(storage.accountById("acct-1")).isPresent();

        Authorization fourth = authorization("authz-4", "acct-1", new Identifier(Identifier.DNS, "d.example"), NOW);
        issue("order-4", "04", List.of(fourth), List.of(fourth));
        assertThat(storage.certificateBySerial("02")).isEmpty();
        assertThat(storage.authorizationById("authz-shared")).isEmpty(); // its last order is gone
        assertThat(storage.authorizationsFor("acct-1", SHARED)).isEmpty();
    }

    @Test
    void noLimitKeepsEverythingAndANegativeOneIsRefused() {
        InMemoryStorage unbounded = new InMemoryStorage();
        unbounded.createAccount(account("acct-1", "thumb-1"));
        for (int i = 0; i < 5; i++) {
            Authorization authz =
                    authorization("authz-" + i, "acct-1", new Identifier(Identifier.DNS, i + ".example"), NOW);
            Order pending = unbounded.createOrder(order("order-" + i, "acct-1", NOW, List.of(authz)), List.of(authz));
            Order processing = unbounded.updateOrder(pending.processing()).orElseThrow();
            unbounded.createCertificate(certificate("0" + i, "acct-1", "order-" + i), processing.valid("0" + i));
        }
        assertThat(unbounded.certificateBySerial("00")).isPresent();
        assertThat(unbounded.orderById("order-0")).isPresent();
        assertThatThrownBy(() -> new InMemoryStorage(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
