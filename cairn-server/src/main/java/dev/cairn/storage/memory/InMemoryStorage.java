package dev.cairn.storage.memory;

import dev.cairn.authority.Account;
import dev.cairn.authority.Authorization;
import dev.cairn.authority.CertificateRecord;
import dev.cairn.authority.Order;
import dev.cairn.protocol.ChallengeStatus;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.OrderStatus;
import dev.cairn.storage.Listings;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StoragePrecision;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Storage} in process memory, for tests and throw-away runs. Reads are lock-free on
 * concurrent maps; writes that must check an index or a version take the one monitor, which
 * keeps the compare-and-set contract simple and is far from the bottleneck. Records are kept
 * in {@link StoragePrecision}'s form, like the SQL stores keep them.
 */
public final class InMemoryStorage implements Storage {
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, String> accountByThumbprint = new ConcurrentHashMap<>();
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, List<String>> ordersByAccount = new HashMap<>();
    private final Map<String, Authorization> authorizations = new ConcurrentHashMap<>();
    private final Map<String, List<String>> authzByAccountAndIdentifier = new HashMap<>();
    private final Map<String, CertificateRecord> certificates = new ConcurrentHashMap<>();
    /** Serials in the order they were issued, for forgetting the oldest past {@link #maxCertificates}. */
    private final ArrayDeque<String> issuedInOrder = new ArrayDeque<>();
    /** How many stored orders name each authorization, so a forgotten order's can go with it. */
    private final Map<String, Integer> ordersNaming = new HashMap<>();

    private final int maxCertificates;

    /** Keeps everything. */
    public InMemoryStorage() {
        this(0);
    }

    /**
     * Keeps at most {@code maxCertificates} certificates (0: no limit). Past it, issuing one
     * forgets the oldest certificate, its order, and those of the order's authorizations no
     * other order names.
     *
     * <p>Why: a throw-away CA keeps everything in the heap, about 3 KB per certificate with its
     * order and authorization, so one that issues at full speed for a few minutes would otherwise
     * fill any fixed heap and fail. Accounts are never forgotten.
     */
    public InMemoryStorage(int maxCertificates) {
        if (maxCertificates < 0) {
            throw new IllegalArgumentException("maxCertificates must be ≥ 0");
        }
        this.maxCertificates = maxCertificates;
    }

    @Override
    public synchronized Account createAccount(Account account) {
        String existing = accountByThumbprint.get(account.key().thumbprint());
        if (existing != null) {
            throw new DuplicateKeyException(existing);
        }
        Account stored = StoragePrecision.account(account.withVersion(0));
        accounts.put(stored.id(), stored);
        accountByThumbprint.put(stored.key().thumbprint(), stored.id());
        return stored;
    }

    @Override
    public Optional<Account> accountById(String id) {
        return Optional.ofNullable(accounts.get(id));
    }

    @Override
    public Optional<Account> accountByThumbprint(String thumbprint) {
        return Optional.ofNullable(accountByThumbprint.get(thumbprint)).map(accounts::get);
    }

    @Override
    public List<Account> accountsWithExternalBinding() {
        return accounts.values().stream()
                .filter(a -> a.externalAccountBinding() != null)
                .sorted(Comparator.comparing(Account::createdAt).thenComparing(Account::id))
                .toList();
    }

    @Override
    public synchronized Optional<Account> updateAccount(Account account) {
        Account current = accounts.get(account.id());
        if (current == null || current.version() != account.version()) {
            return Optional.empty();
        }
        String oldThumb = current.key().thumbprint();
        String newThumb = account.key().thumbprint();
        if (!oldThumb.equals(newThumb)) {
            String owner = accountByThumbprint.get(newThumb);
            if (owner != null) {
                throw new DuplicateKeyException(owner);
            }
            accountByThumbprint.remove(oldThumb);
            accountByThumbprint.put(newThumb, account.id());
        }
        Account stored = StoragePrecision.account(account.withVersion(account.version() + 1));
        accounts.put(stored.id(), stored);
        return Optional.of(stored);
    }

    @Override
    public synchronized Order createOrder(Order order, List<Authorization> newAuthorizations) {
        if (order.replaces() != null
                && order.phase() != OrderStatus.INVALID
                && orderReplacing(order.replaces()).isPresent()) {
            throw new AlreadyReplacedException(order.replaces());
        }
        newAuthorizations.forEach(this::putAuthorization);
        Order stored = StoragePrecision.order(order.withVersion(0));
        orders.put(stored.id(), stored);
        stored.authorizationIds().forEach(id -> ordersNaming.merge(id, 1, Integer::sum));
        ordersByAccount
                .computeIfAbsent(stored.accountId(), k -> new ArrayList<>())
                .add(stored.id());
        return stored;
    }

    @Override
    public synchronized Authorization createAuthorization(Authorization authorization) {
        return putAuthorization(authorization);
    }

    private Authorization putAuthorization(Authorization authz) {
        Authorization stored = StoragePrecision.authorization(authz.withVersion(0));
        authorizations.put(stored.id(), stored);
        authzByAccountAndIdentifier
                .computeIfAbsent(key(stored.accountId(), stored.identifier()), k -> new ArrayList<>())
                .add(stored.id());
        return stored;
    }

    @Override
    public Optional<Order> orderById(String id) {
        return Optional.ofNullable(orders.get(id));
    }

    @Override
    public Optional<Order> orderReplacing(String certId) {
        return orders.values().stream()
                .filter(o -> certId.equals(o.replaces()) && o.phase() != OrderStatus.INVALID)
                .findFirst();
    }

    @Override
    public synchronized List<Order> ordersByAccount(String accountId) {
        return ordersByAccount.getOrDefault(accountId, List.of()).stream()
                .map(orders::get)
                .sorted(Listings.ORDERS_OLDEST_FIRST)
                .toList();
    }

    @Override
    public synchronized Optional<Order> updateOrder(Order order) {
        Order current = orders.get(order.id());
        if (current == null || current.version() != order.version()) {
            return Optional.empty();
        }
        Order stored = StoragePrecision.order(order.withVersion(order.version() + 1));
        orders.put(stored.id(), stored);
        return Optional.of(stored);
    }

    @Override
    public List<Order> ordersInPhase(OrderStatus phase) {
        return orders.values().stream()
                .filter(o -> o.phase() == phase)
                .sorted(Listings.ORDERS_OLDEST_FIRST)
                .toList();
    }

    @Override
    public Optional<Authorization> authorizationById(String id) {
        return Optional.ofNullable(authorizations.get(id));
    }

    @Override
    public List<Authorization> authorizationsByIds(List<String> ids) {
        return ids.stream().map(authorizations::get).filter(Objects::nonNull).toList();
    }

    @Override
    public synchronized List<Authorization> authorizationsFor(String accountId, Identifier identifier) {
        return authzByAccountAndIdentifier.getOrDefault(key(accountId, identifier), List.of()).stream()
                .map(authorizations::get)
                .sorted(Listings.AUTHORIZATIONS_NEWEST_FIRST)
                .toList();
    }

    @Override
    public synchronized Optional<Authorization> updateAuthorization(Authorization authorization) {
        Authorization current = authorizations.get(authorization.id());
        if (current == null || current.version() != authorization.version()) {
            return Optional.empty();
        }
        Authorization stored = StoragePrecision.authorization(authorization.withVersion(authorization.version() + 1));
        authorizations.put(stored.id(), stored);
        return Optional.of(stored);
    }

    @Override
    public List<Authorization> authorizationsWithProcessingChallenges() {
        return authorizations.values().stream()
                .filter(a -> a.challenges().stream().anyMatch(c -> c.status() == ChallengeStatus.PROCESSING))
                .sorted(Listings.AUTHORIZATIONS_BY_ID)
                .toList();
    }

    @Override
    public synchronized CertificateRecord createCertificate(CertificateRecord certificate, Order validOrder) {
        if (updateOrder(validOrder).isEmpty()) {
            throw new IllegalStateException("order " + validOrder.id() + " changed while its certificate was issued");
        }
        CertificateRecord stored = StoragePrecision.certificate(certificate.withVersion(0));
        certificates.put(stored.serial(), stored);
        issuedInOrder.addLast(stored.serial());
        while (maxCertificates > 0 && issuedInOrder.size() > maxCertificates) {
            forget(issuedInOrder.removeFirst());
        }
        return stored;
    }

    private void forget(String serial) {
        CertificateRecord certificate = certificates.remove(serial);
        Order order = certificate == null || certificate.orderId() == null ? null : orders.get(certificate.orderId());
        if (order != null) {
            removeOrder(order);
            for (String authzId : order.authorizationIds()) {
                Authorization authz = authorizations.get(authzId);
                if (authz != null && !ordersNaming.containsKey(authzId)) {
                    removeAuthorization(authz);
                }
            }
        }
    }

    private void removeOrder(Order order) {
        orders.remove(order.id());
        List<String> ofAccount = ordersByAccount.get(order.accountId());
        if (ofAccount != null) {
            ofAccount.remove(order.id());
        }
        for (String authzId : order.authorizationIds()) {
            ordersNaming.computeIfPresent(authzId, (id, n) -> n > 1 ? n - 1 : null);
        }
    }

    private void removeAuthorization(Authorization authz) {
        authorizations.remove(authz.id());
        List<String> same = authzByAccountAndIdentifier.get(key(authz.accountId(), authz.identifier()));
        if (same != null) {
            same.remove(authz.id());
        }
    }

    @Override
    public Optional<CertificateRecord> certificateBySerial(String serial) {
        return Optional.ofNullable(certificates.get(serial));
    }

    @Override
    public synchronized Optional<CertificateRecord> updateCertificate(CertificateRecord certificate) {
        CertificateRecord current = certificates.get(certificate.serial());
        if (current == null || current.version() != certificate.version()) {
            return Optional.empty();
        }
        CertificateRecord stored = StoragePrecision.certificate(certificate.withVersion(certificate.version() + 1));
        certificates.put(stored.serial(), stored);
        return Optional.of(stored);
    }

    @Override
    public synchronized int pruneExpired(Instant cutoffInstant) {
        Instant cutoff = StoragePrecision.instant(cutoffInstant);
        List<Order> doomedOrders = orders.values().stream()
                .filter(o -> o.expires().isBefore(cutoff) && o.phase() != OrderStatus.VALID)
                .toList();
        doomedOrders.forEach(this::removeOrder);
        Set<String> referenced = new HashSet<>();
        orders.values().forEach(o -> referenced.addAll(o.authorizationIds()));
        List<Authorization> doomedAuthzs = authorizations.values().stream()
                .filter(a -> a.expires().isBefore(cutoff) && !referenced.contains(a.id()))
                .toList();
        doomedAuthzs.forEach(this::removeAuthorization);
        return doomedOrders.size() + doomedAuthzs.size();
    }

    private static String key(String accountId, Identifier identifier) {
        return accountId + "|" + identifier.type() + "|" + identifier.value();
    }
}
