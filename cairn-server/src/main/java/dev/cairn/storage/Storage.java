package dev.cairn.storage;

import dev.cairn.authority.Account;
import dev.cairn.authority.Authorization;
import dev.cairn.authority.CertificateRecord;
import dev.cairn.authority.Order;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.OrderStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the authority persists. Implementations are safe for concurrent use.
 *
 * <p>Concurrency contract: every record carries a {@code version}. {@code create*} stores
 * version 0; {@code update*} succeeds only when the stored version equals the given record's
 * version, stores it with version + 1, and returns the stored record; otherwise it returns
 * empty and changes nothing. Callers re-read and decide again. This is how two finalize
 * requests give one certificate and two challenge responses one validation, on any backend.
 *
 * <p>Precision: instants are kept to the millisecond (truncated, see {@link
 * StoragePrecision}), the precision both SQL databases hold without loss. What a {@code
 * create*} or {@code update*} returns is exactly what a later read returns, so callers should
 * answer clients from the returned record rather than from the one they passed in.
 */
public interface Storage extends AutoCloseable {

    /** Stores a new account; fails with {@link DuplicateKeyException} when its key thumbprint has an account. */
    Account createAccount(Account account);

    Optional<Account> accountById(String id);

    Optional<Account> accountByThumbprint(String thumbprint);

    /**
     * Every account stored with an external account binding, oldest first: what start-up reads
     * to know which single-use EAB key ids are spent (RFC 8555 §7.3.4).
     */
    List<Account> accountsWithExternalBinding();

    /** Also enforces one account per key when the key changes ({@link DuplicateKeyException}). */
    Optional<Account> updateAccount(Account account);

    /**
     * Stores a new order and its new authorizations. When the order {@link Order#replaces()} a
     * certificate that a stored order whose phase is not {@code INVALID} already replaces, it
     * stores nothing and throws {@link AlreadyReplacedException}: of two racing replacements of
     * one certificate exactly one is stored (RFC 9773 §5).
     */
    Order createOrder(Order order, List<Authorization> newAuthorizations);

    /** The order replacing this certID (RFC 9773) whose stored phase is not {@code INVALID}, if any. */
    Optional<Order> orderReplacing(String certId);

    Optional<Order> orderById(String id);

    /** The account's orders, oldest first. */
    List<Order> ordersByAccount(String accountId);

    Optional<Order> updateOrder(Order order);

    /** Orders whose stored phase is {@code phase}, oldest first; finds work left in processing at start-up. */
    List<Order> ordersInPhase(OrderStatus phase);

    /**
     * Stores a new authorization that no order references yet: a pre-authorization (RFC 8555
     * §7.4.1). Later orders find it through {@link #authorizationsFor}.
     */
    Authorization createAuthorization(Authorization authorization);

    Optional<Authorization> authorizationById(String id);

    List<Authorization> authorizationsByIds(List<String> ids);

    /** The account's authorizations for this (non-wildcard) identifier, newest first. */
    List<Authorization> authorizationsFor(String accountId, Identifier identifier);

    Optional<Authorization> updateAuthorization(Authorization authorization);

    /** Authorizations with at least one challenge in {@code processing}: validations in flight. */
    List<Authorization> authorizationsWithProcessingChallenges();

    /** Stores a certificate and moves its order from processing to valid in one step. */
    CertificateRecord createCertificate(CertificateRecord certificate, Order validOrder);

    Optional<CertificateRecord> certificateBySerial(String serial);

    Optional<CertificateRecord> updateCertificate(CertificateRecord certificate);

    /**
     * Retention: deletes the orders that expired before {@code cutoff} and are not {@code
     * valid} (a valid order is the history of an issued certificate), then the authorizations
     * that expired before {@code cutoff} and that no remaining order references. Accounts,
     * certificates and revocations are never deleted. Returns the number of orders plus
     * authorizations deleted. {@code cutoff} is compared at millisecond precision like every
     * stored instant.
     */
    int pruneExpired(Instant cutoff);

    /** Releases connections and pools; the store is unusable afterwards. */
    @Override
    default void close() {}

    /** Thrown when a certificate would be replaced by two live orders (RFC 9773 §5). */
    final class AlreadyReplacedException extends RuntimeException {
        public AlreadyReplacedException(String certId) {
            super("certificate " + certId + " is already replaced by another order", null, false, false);
        }
    }

    /** Thrown when a key would belong to two accounts (RFC 8555 §7.3, §7.3.5). */
    final class DuplicateKeyException extends RuntimeException {
        private final String existingAccountId;

        public DuplicateKeyException(String existingAccountId) {
            super("key already belongs to account " + existingAccountId, null, false, false);
            this.existingAccountId = existingAccountId;
        }

        public String existingAccountId() {
            return existingAccountId;
        }
    }
}
