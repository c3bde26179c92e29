package dev.cairn.storage;

import static dev.cairn.storage.StorageFixtures.DAY;
import static dev.cairn.storage.StorageFixtures.NOW;
import static dev.cairn.storage.StorageFixtures.account;
import static dev.cairn.storage.StorageFixtures.authorization;
import static dev.cairn.storage.StorageFixtures.certificate;
import static dev.cairn.storage.StorageFixtures.challenge;
import static dev.cairn.storage.StorageFixtures.compoundProblem;
import static dev.cairn.storage.StorageFixtures.key;
import static dev.cairn.storage.StorageFixtures.order;
import static dev.cairn.storage.StorageFixtures.withExpiry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.authority.Account;
import dev.cairn.authority.Authorization;
import dev.cairn.authority.CertificateRecord;
import dev.cairn.authority.Order;
import dev.cairn.authority.RenewalWindow;
import dev.cairn.protocol.AccountStatus;
import dev.cairn.protocol.AuthorizationStatus;
import dev.cairn.protocol.ChallengeStatus;
import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.OrderStatus;
import dev.cairn.protocol.Problem;
import dev.cairn.protocol.ProblemType;
import dev.cairn.storage.Storage.DuplicateKeyException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} must have, run against each backend by a subclass.
 * Each test gets a fresh, empty store. The races start {@value Race#CONTENDERS} threads at once
 * on the same object and check the invariant the compare-and-set contract promises.
 */
public abstract class StorageContract {
    protected Storage storage;

    /** A new, empty store. */
    protected abstract Storage newStorage() throws Exception;

    @BeforeEach
    void openStorage() throws Exception {
        storage = newStorage();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    // ---- round trips

    @Test
    void accountRoundTripsEveryField() {
        Account account = new Account(
                "acct-1",
                key("thumb-1"),
                List.of("mailto:a@example.com", "mailto:b@example.com"),
                AccountStatus.DEACTIVATED,
                true,
                NOW,
                "{\"protected\":\"eab\"}",
                0);
        Account created = storage.createAccount(account);

        assertThat(created).isEqualTo(StoragePrecision.account(account));
        assertThat(storage.accountById("acct-1")).contains(created);
        assertThat(storage.accountByThumbprint("thumb-1")).contains(created);
    }

    @Test
    void accountKeysOfEveryAlgorithmRoundTrip() {
        List<PublicKey> keys = List.of(StorageFixtures.EC_KEY, StorageFixtures.RSA_KEY, StorageFixtures.ED25519_KEY);
        for (int i = 0; i < keys.size(); i++) {
            Account account = new Account(
                    "acct-" + i, key(keys.get(i), "thumb-" + i), List.of(), AccountStatus.VALID, false, NOW, null, 0);
            storage.createAccount(account);

            Account read = storage.accountById("acct-" + i).orElseThrow();
            assertThat(read.key().sameKeyAs(keys.get(i))).isTrue();
            assertThat(read.key().jwkJson()).isEqualTo(account.key().jwkJson());
            assertThat(read.contact()).isEmpty();
            assertThat(read.termsOfServiceAgreed()).isFalse();
            assertThat(read.externalAccountBinding()).isNull();
        }
    }

    @Test
    void externalAccountBindingRoundTripsAndSurvivesUpdates() {
        String binding = "{\"protected\":\"eyJhbGciOiJIUzI1NiJ9\",\"payload\":\"e30\",\"signature\":\"c2ln\"}";
        Account base = account("acct-eab", "thumb-eab");
        Account created = storage.createAccount(new Account(
                base.id(),
                base.key(),
                base.contact(),
                base.status(),
                base.termsOfServiceAgreed(),
                base.createdAt(),
                binding,
                0));
        assertThat(created.externalAccountBinding()).isEqualTo(binding);

        storage.updateAccount(created.withContact(List.of("mailto:eab@example.com")));
        assertThat(storage.accountById("acct-eab").orElseThrow().externalAccountBinding())
                .isEqualTo(binding);
    }

    @Test
    void accountsWithExternalBindingListsOnlyBoundAccountsOldestFirst() {
        String binding = "{\"protected\":\"eyJhbGciOiJIUzI1NiJ9\",\"payload\":\"e30\",\"signature\":\"c2ln\"}";
        storage.createAccount(account("acct-plain", "thumb-plain"));
        for (String id : List.of("acct-eab-2", "acct-eab-1")) {
            Account base = account(id, "thumb-" + id);
            storage.createAccount(new Account(
                    id,
                    base.key(),
                    base.contact(),
                    base.status(),
                    base.termsOfServiceAgreed(),
                    id.endsWith("1") ? NOW.minusSeconds(60) : NOW,
                    binding,
                    0));
        }

        assertThat(storage.accountsWithExternalBinding())
                .extracting(Account::id)
                .containsExactly("acct-eab-1", "acct-eab-2");
        assertThat(storage.accountsWithExternalBinding())
                .allSatisfy(a -> assertThat(a.externalAccountBinding()).isEqualTo(binding));
    }

    @Test
    void instantsAreKeptToTheMillisecond() {
        Account created = storage.createAccount(account("acct-1", "thumb-1"));

        assertThat(created.createdAt()).isEqualTo(NOW.truncatedTo(ChronoUnit.MILLIS));
        assertThat(storage.accountById("acct-1").orElseThrow().createdAt()).isEqualTo(created.createdAt());
    }

    @Test
    void orderRoundTripsEveryField() {
        storage.createAccount(account("acct-1", "thumb-1"));
        Authorization wildcard = new Authorization(
                "authz-w",
                "acct-1",
                Identifier.dns("example.com"),
                true,
                AuthorizationStatus.PENDING,
                NOW.plus(DAY),
                List.of(challenge("c1", ChallengeType.DNS_01, ChallengeStatus.PENDING)),
                0);
        Authorization ip = authorization("authz-ip", "acct-1", Identifier.ip("2001:db8::1"), NOW.plus(DAY));
        Order order = new Order(
                "order-1",
                "acct-1",
                OrderStatus.INVALID,
                NOW,
                NOW.plus(DAY),
                List.of(Identifier.dns("*.example.com"), Identifier.ip("2001:db8::1")),
                List.of("authz-w", "authz-ip"),
                NOW.plusSeconds(60),
                NOW.plus(Duration.ofDays(30)),
                compoundProblem(),
                "0a1b",
                "AAEC.AQID",
                "shortlived",
                0);

        Order created = storage.createOrder(order, List.of(wildcard, ip));

        assertThat(created).isEqualTo(StoragePrecision.order(order));
        assertThat(storage.orderById("order-1")).contains(created);
        assertThat(storage.authorizationsByIds(List.of("authz-w", "authz-ip")))
                .containsExactly(StoragePrecision.authorization(wildcard), StoragePrecision.authorization(ip));
    }

    @Test
    void orderWithoutValidityWindowOrErrorRoundTrips() {
        storage.createAccount(account("acct-1", "thumb-1"));
        Authorization authz = authorization("authz-1", "acct-1", Identifier.dns("example.com"), NOW.plus(DAY));
        Order order = order("order-1", "acct-1", NOW, List.of(authz));

        storage.createOrder(order, List.of(authz));

        Order read = storage.orderById("order-1").orElseThrow();
        assertThat(read).isEqualTo(StoragePrecision.order(order));
        assertThat(read.notBefore()).isNull();
        assertThat(read.notAfter()).isNull();
        assertThat(read.error()).isNull();
        assertThat(read.certificateSerial()).isNull();
    }

    @Test
    void authorizationRoundTripsChallengesWithEveryField() {
        storage.createAccount(account("acct-1", "thumb-1"));
        Problem problem = new Problem(
                ProblemType.INCORRECT_RESPONSE,
                "wrong key authorization",
                Identifier.dns("example.com"),
                List.of(Problem.of(ProblemType.CONNECTION, "reset")));
        Authorization authz = new Authorization(
                "authz-1",
                "acct-1",
                Identifier.dns("example.com"),
                true,
                AuthorizationStatus.VALID,
                NOW.plus(DAY),
                List.of(
                        challenge("c-h", ChallengeType.HTTP_01, ChallengeStatus.PENDING)
                                .invalid(problem),
                        challenge("c-d", ChallengeType.DNS_01, ChallengeStatus.PENDING)
                                .valid(NOW),
                        challenge("c-t", ChallengeType.TLS_ALPN_01, ChallengeStatus.PROCESSING)),
                0);

        storage.createOrder(order("order-1", "acct-1", NOW, List.of(authz)), List.of(authz));

        assertThat(storage.authorizationById("authz-1")).contains(StoragePrecision.authorization(authz));
    }

    @Test
    void authorizationWithoutChallengesRoundTrips() {
        storage.createAccount(account("acct-1", "thumb-1"));
        Authorization authz = new Authorization(
                "authz-1",
                "acct-1",
                Identifier.ip("192.0.2.1"),
                false,
                AuthorizationStatus.DEACTIVATED,
                NOW,
                List.of(),
                0);

        storage.createOrder(order("order-1", "acct-1", NOW, List.of(authz)), List.of(authz));

        assertThat(storage.authorizationById("authz-1")).contains(StoragePrecision.authorization(authz));
    }

    @Test
    void certificateRoundTripsEveryFieldIncludingRevocation() {
        Order processing = processingOrder("acct-1", "order-1");
        CertificateRecord cert = certificate("0a1b2c", "acct-1", "order-1");

        CertificateRecord created = storage.createCertificate(cert, processing.valid("0a1b2c"));
        CertificateRecord revoked = storage.updateCertificate(created.revoked(NOW.plusSeconds(5), 4))
                .orElseThrow();

        assertThat(created).usingRecursiveComparison().isEqualTo(StoragePrecision.certificate(cert));
        CertificateRecord read = storage.certificateBySerial("0a1b2c").orElseThrow();
        assertThat(read).usingRecursiveComparison().isEqualTo(revoked);
        assertThat(read.leafDer()).isEqualTo(cert.leafDer());
        assertThat(read.isRevoked()).isTrue();
        assertThat(read.revocationReason()).isEqualTo(4);
        assertThat(read.version()).isEqualTo(1);
    }

    @Test
    void certificateRenewalOverrideIsStoredReplacedAndCleared() {
        Order processing = processingOrder("acct-1", "order-1");
        CertificateRecord created =
                storage.createCertificate(certificate("0a1b2c", "acct-1", "order-1"), processing.valid("0a1b2c"));
        RenewalWindow past = new RenewalWindow(NOW.minus(DAY), NOW.minusSeconds(60), "https://ca.example/why");
        RenewalWindow later = new RenewalWindow(NOW.plus(DAY), NOW.plus(DAY).plusSeconds(1));

        CertificateRecord first =
                storage.updateCertificate(created.withRenewalOverride(past)).orElseThrow();
        assertThat(first.renewalOverride().start()).isEqualTo(past.start().truncatedTo(ChronoUnit.MILLIS));
        assertThat(storage.certificateBySerial("0a1b2c").orElseThrow().renewalOverride())
                .isEqualTo(first.renewalOverride())
                .extracting(RenewalWindow::explanationUrl)
                .isEqualTo("https://ca.example/why");
        CertificateRecord second =
                storage.updateCertificate(first.withRenewalOverride(later)).orElseThrow();
        assertThat(storage.certificateBySerial("0a1b2c").orElseThrow().renewalOverride())
                .isEqualTo(second.renewalOverride())
                .extracting(RenewalWindow::explanationUrl)
                .isNull();
        assertThat(storage.updateCertificate(first.withRenewalOverride(null))).isEmpty();
        storage.updateCertificate(second.withRenewalOverride(null)).orElseThrow();

        CertificateRecord read = storage.certificateBySerial("0a1b2c").orElseThrow();
        assertThat(read.renewalOverride()).isNull();
        assertThat(read.version()).isEqualTo(3);
    }

    @Test
    void certificateWithoutValidityOrOrderRoundTrips() {
        storage.createAccount(account("acct-1", "thumb-1"));
        Order processing = processingOrder("acct-2", "order-1");
        CertificateRecord cert = new CertificateRecord(
                "ff", "acct-1", null, new byte[] {1}, List.of(), List.of(), null, null, null, null, null, 0);

        storage.createCertificate(cert, processing.valid("ff"));

        CertificateRecord read = storage.certificateBySerial("ff").orElseThrow();
        assertThat(read).usingRecursiveComparison().isEqualTo(cert);
        assertThat(read.revokedAt()).isNull();
        assertThat(read.revocationReason()).isNull();
    }

    @Test
    void unknownIdsFindNothing() {
        assertThat(storage.accountById("nope")).isEmpty();
        assertThat(storage.accountByThumbprint("nope")).isEmpty();
        assertThat(storage.orderById("nope")).isEmpty();
        assertThat(storage.authorizationById("nope")).isEmpty();
        assertThat(storage.authorizationsByIds(List.of("nope"))).isEmpty();
        assertThat(storage.authorizationsByIds(List.of())).isEmpty();
        assertThat(storage.certificateBySerial("nope")).isEmpty();
        assertThat(storage.ordersByAccount("nope")).isEmpty();
        assertThat(storage.authorizationsFor("nope", Identifier.dns("example.com")))
                .isEmpty();
    }

    // ---- one account per key

    @Test
    void secondAccountForTheSameKeyIsRefusedNamingTheFirst() {
        storage.createAccount(account("acct-1", "thumb-1"));

        assertThatThrownBy(() -> storage.createAccount(account("acct-2", "thumb-1")))
                .isInstanceOfSatisfying(
                        DuplicateKeyException.class,
                        e -> assertThat(e.existingAccountId()).isEqualTo("acct-1"));
        assertThat(storage.accountById("acct-2")).isEmpty();
    }

    @Test
    void keyChangeToAnotherAccountsKeyIsRefusedAndChangesNothing() {
        storage.createAccount(account("acct-1", "thumb-1"));
        Account second = storage.createAccount(account("acct-2", "thumb-2"));

        assertThatThrownBy(() -> storage.updateAccount(second.withKey(key("thumb-1"))))
                .isInstanceOfSatisfying(
                        DuplicateKeyException.class,
                        e -> assertThat(e.existingAccountId()).isEqualTo("acct-1"));
        assertThat(storage.accountById("acct-2")).contains(second);
        assertThat(storage.accountByThumbprint("thumb-1").orElseThrow().id()).isEqualTo("acct-1");
    }

    @Test
    void keyChangeMovesTheThumbprintAndFreesTheOldKey() {
        Account created = storage.createAccount(account("acct-1", "thumb-old"));

        Account changed =
                storage.updateAccount(created.withKey(key("thumb-new"))).orElseThrow();

        assertThat(storage.accountByThumbprint("thumb-new")).contains(changed);
        assertThat(storage.accountByThumbprint("thumb-old")).isEmpty();
        assertThat(storage.createAccount(account("acct-2", "thumb-old")).id()).isEqualTo("acct-2");
    }

    @Test
    void staleKeyChangeToATakenKeyIsRefusedAsStale() {
        storage.createAccount(account("acct-1", "thumb-1"));
        Account second = storage.createAccount(account("acct-2", "thumb-2"));
        storage.updateAccount(second.withContact(List.of())).orElseThrow();

        assertThat(storage.updateAccount(second.withKey(key("thumb-1")))).isEmpty();
    }

    // ---- compare-and-set

    @Test
    void accountUpdateIncrementsTheVersionAndRefusesAStaleCopy() {
        Account created = storage.createAccount(account("acct-1", "thumb-1"));

        Account updated = storage.updateAccount(created.withStatus(AccountStatus.DEACTIVATED))
                .orElseThrow();

        assertThat(updated.version()).isEqualTo(1);
        assertThat(storage.accountById("acct-1")).contains(updated);
        assertThat(storage.updateAccount(created.withContact(List.of("mailto:x@example.com"))))
                .isEmpty();
        assertThat(storage.accountById("acct-1")).contains(updated);
    }

    @Test
    void orderUpdateIncrementsTheVersionAndRefusesAStaleCopy() {
        Order created = pendingOrder("acct-1", "order-1");

        Order processing = storage.updateOrder(created.processing()).orElseThrow();

        assertThat(processing.version()).isEqualTo(1);
        assertThat(storage.orderById("order-1")).contains(processing);
        assertThat(storage.updateOrder(created.invalid(Problem.of(ProblemType.MALFORMED, "x"))))
                .isEmpty();
        assertThat(storage.orderById("order-1")).contains(processing);
    }

    @Test
    void authorizationUpdateReplacesChallengesAndRefusesAStaleCopy() {
        Order order = pendingOrder("acct-1", "order-1");
        Authorization created =
                storage.authorizationById(order.authorizationIds().get(0)).orElseThrow();
        Authorization next = created.withChallenge(created.challenges().get(1).processing());

        Authorization stored = storage.updateAuthorization(next).orElseThrow();

        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.challenges().get(1).status()).isEqualTo(ChallengeStatus.PROCESSING);
        assertThat(storage.authorizationById(created.id())).contains(stored);
        assertThat(storage.updateAuthorization(created.withStatus(AuthorizationStatus.DEACTIVATED, NOW)))
                .isEmpty();
        assertThat(storage.authorizationById(created.id())).contains(stored);
    }

    @Test
    void certificateUpdateRefusesAStaleCopy() {
        Order processing = processingOrder("acct-1", "order-1");
        CertificateRecord created =
                storage.createCertificate(certificate("01", "acct-1", "order-1"), processing.valid("01"));
        storage.updateCertificate(created.revoked(NOW, 1)).orElseThrow();

        assertThat(storage.updateCertificate(created.revoked(NOW, 4))).isEmpty();
        assertThat(storage.certificateBySerial("01").orElseThrow().revocationReason())
                .isEqualTo(1);
    }

    @Test
    void updatesOfUnknownRecordsFindNothing() {
        storage.createAccount(account("acct-1", "thumb-1"));
        Authorization authz = authorization("authz-1", "acct-1", Identifier.dns("example.com"), NOW.plus(DAY));

        assertThat(storage.updateAccount(account("acct-9", "thumb-9"))).isEmpty();
        assertThat(storage.updateOrder(order("order-9", "acct-1", NOW, List.of(authz))))
                .isEmpty();
        assertThat(storage.updateAuthorization(authz)).isEmpty();
        assertThat(storage.updateCertificate(certificate("99", "acct-1", null))).isEmpty();
    }

    // ---- issuance

    @Test
    void createCertificateStoresTheCertificateAndTheValidOrderTogether() {
        Order processing = processingOrder("acct-1", "order-1");

        storage.createCertificate(certificate("0abc", "acct-1", "order-1"), processing.valid("0abc"));

        Order valid = storage.orderById("order-1").orElseThrow();
        assertThat(valid.phase()).isEqualTo(OrderStatus.VALID);
        assertThat(valid.certificateSerial()).isEqualTo("0abc");
        assertThat(valid.version()).isEqualTo(processing.version() + 1);
        assertThat(storage.certificateBySerial("0abc")).isPresent();
    }

    @Test
    void createCertificateForAnOrderThatMovedOnStoresNothing() {
        Order processing = processingOrder("acct-1", "order-1");
        Order failed = storage.updateOrder(processing.invalid(Problem.of(ProblemType.SERVER_INTERNAL, "x")))
                .orElseThrow();

        assertThatThrownBy(() ->
                        storage.createCertificate(certificate("0abc", "acct-1", "order-1"), processing.valid("0abc")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(storage.certificateBySerial("0abc")).isEmpty();
        assertThat(storage.orderById("order-1")).contains(failed);
    }

    // ---- listings

    @Test
    void ordersByAccountListsOnlyThatAccountsOrdersOldestFirst() {
        storage.createAccount(account("acct-1", "thumb-1"));
        storage.createAccount(account("acct-2", "thumb-2"));
        for (String[] o : new String[][] {
            {"o-b", "acct-1", "3"}, {"o-a", "acct-1", "1"}, {"o-x", "acct-2", "2"}, {"o-c", "acct-1", "2"}
        }) {
            Authorization authz =
                    authorization("authz-" + o[0], o[1], Identifier.dns(o[0] + ".example"), NOW.plus(DAY));
            storage.createOrder(
                    order(o[0], o[1], NOW.plusSeconds(Long.parseLong(o[2])), List.of(authz)), List.of(authz));
        }

        assertThat(storage.ordersByAccount("acct-1")).extracting(Order::id).containsExactly("o-a", "o-c", "o-b");
        assertThat(storage.ordersByAccount("acct-2")).extracting(Order::id).containsExactly("o-x");
    }

    @Test
    void ordersInPhaseFindsOnlyOrdersInThatPhaseOldestFirst() {
        Order first = pendingOrder("acct-1", "order-1");
        Order second = pendingOrder("acct-1", "order-2");
        pendingOrder("acct-1", "order-3");
        storage.updateOrder(second.processing()).orElseThrow();
        storage.updateOrder(first.processing()).orElseThrow();

        assertThat(storage.ordersInPhase(OrderStatus.PROCESSING))
                .extracting(Order::id)
                .containsExactly("order-1", "order-2");
        assertThat(storage.ordersInPhase(OrderStatus.PENDING))
                .extracting(Order::id)
                .containsExactly("order-3");
        assertThat(storage.ordersInPhase(OrderStatus.VALID)).isEmpty();
    }

    @Test
    void createAuthorizationStoresAPreAuthorizationThatNoOrderReferences() {
        storage.createAccount(account("acct-1", "thumb-1"));
        Authorization authz = authorization("pre-1", "acct-1", Identifier.dns("example.com"), NOW.plus(DAY))
                .withVersion(7);

        Authorization created = storage.createAuthorization(authz);

        assertThat(created).isEqualTo(StoragePrecision.authorization(authz.withVersion(0)));
        assertThat(storage.authorizationById("pre-1")).contains(created);
        assertThat(storage.authorizationsFor("acct-1", Identifier.dns("example.com")))
                .containsExactly(created);
        assertThat(storage.authorizationsByIds(List.of("pre-1"))).containsExactly(created);
        assertThat(storage.updateAuthorization(created.withStatus(AuthorizationStatus.VALID, NOW.plus(DAY))))
                .hasValueSatisfying(a -> assertThat(a.version()).isEqualTo(1));
    }

    @Test
    void pruneExpiredDeletesExpiredPreAuthorizationsAndKeepsLiveOnes() {
        storage.createAccount(account("acct-1", "thumb-1"));
        storage.createAuthorization(authorization("pre-old", "acct-1", Identifier.dns("a.example"), NOW));
        storage.createAuthorization(authorization("pre-live", "acct-1", Identifier.dns("b.example"), NOW.plus(DAY)));

        assertThat(storage.pruneExpired(NOW.plusSeconds(1))).isEqualTo(1);

        assertThat(storage.authorizationById("pre-old")).isEmpty();
        assertThat(storage.authorizationById("pre-live")).isPresent();
    }

    @Test
    void authorizationsForListsNewestFirstForOneAccountAndIdentifier() {
        storage.createAccount(account("acct-1", "thumb-1"));
        storage.createAccount(account("acct-2", "thumb-2"));
        Identifier name = Identifier.dns("example.com");
        Authorization older = authorization("a-old", "acct-1", name, NOW.plus(DAY));
        Authorization newer = authorization("a-new", "acct-1", name, NOW.plus(DAY.multipliedBy(2)));
        Authorization wildcard = new Authorization(
                "a-wild",
                "acct-1",
                name,
                true,
                AuthorizationStatus.PENDING,
                NOW.plus(DAY.multipliedBy(3)),
                List.of(),
                0);
        Authorization otherAccount = authorization("a-other", "acct-2", name, NOW.plus(DAY.multipliedBy(4)));
        Authorization otherName = authorization("a-name", "acct-1", Identifier.dns("example.org"), NOW.plus(DAY));
        Authorization otherType = authorization("a-type", "acct-1", new Identifier("ip", "example.com"), NOW);
        storage.createOrder(
                order("o-1", "acct-1", NOW, List.of(older, newer, wildcard, otherName, otherType)),
                List.of(older, newer, wildcard, otherName, otherType));
        storage.createOrder(order("o-2", "acct-2", NOW, List.of(otherAccount)), List.of(otherAccount));

        assertThat(storage.authorizationsFor("acct-1", name))
                .extracting(Authorization::id)
                .containsExactly("a-wild", "a-new", "a-old");
        assertThat(storage.authorizationsFor("acct-2", name))
                .extracting(Authorization::id)
                .containsExactly("a-other");
    }

    @Test
    void authorizationsByIdsKeepsTheRequestedOrderAndSkipsUnknownIds() {
        Order order = pendingOrder("acct-1", "order-1");
        String id = order.authorizationIds().get(0);
        storage.createOrder(
                order("order-2", "acct-1", NOW, List.of()),
                List.of(authorization("authz-b", "acct-1", Identifier.dns("b.example"), NOW.plus(DAY))));

        assertThat(storage.authorizationsByIds(List.of("authz-b", "nope", id)))
                .extracting(Authorization::id)
                .containsExactly("authz-b", id);
    }

    @Test
    void authorizationsWithProcessingChallengesFindsValidationsInFlight() {
        Order order = pendingOrder("acct-1", "order-1");
        pendingOrder("acct-1", "order-2");
        Authorization authz =
                storage.authorizationById(order.authorizationIds().get(0)).orElseThrow();
        Authorization inFlight = storage.updateAuthorization(
                        authz.withChallenge(authz.challenges().get(0).processing()))
                .orElseThrow();

        assertThat(storage.authorizationsWithProcessingChallenges()).containsExactly(inFlight);

        storage.updateAuthorization(
                        inFlight.withChallenge(inFlight.challenges().get(0).valid(NOW))
                                .withStatus(AuthorizationStatus.VALID, NOW.plus(DAY)))
                .orElseThrow();
        assertThat(storage.authorizationsWithProcessingChallenges()).isEmpty();
    }

    // ---- retention

    @Test
    void pruneExpiredDeletesExpiredUnfinishedOrdersAndTheirUnreferencedAuthorizations() {
        storage.createAccount(account("acct-1", "thumb-1"));
        Instant cutoff = NOW.plus(DAY.multipliedBy(10));
        Instant expired = NOW;
        Instant live = cutoff.plus(DAY);
        // expired pending order with its expired authorization: both go
        Authorization a1 = authorization("a-1", "acct-1", Identifier.dns("one.example"), expired);
        storage.createOrder(withExpiry(order("o-pending", "acct-1", NOW, List.of(a1)), expired), List.of(a1));
        // expired valid order: kept, and so is its expired authorization and its certificate
        Authorization a2 = authorization("a-2", "acct-1", Identifier.dns("two.example"), expired);
        Order valid =
                storage.createOrder(withExpiry(order("o-valid", "acct-1", NOW, List.of(a2)), expired), List.of(a2));
        Order processing = storage.updateOrder(valid.processing()).orElseThrow();
        storage.createCertificate(certificate("0a", "acct-1", "o-valid"), processing.valid("0a"));
        // expired authorization still used by a live order: kept
        Authorization a3 = authorization("a-3", "acct-1", Identifier.dns("three.example"), expired);
        storage.createOrder(withExpiry(order("o-live", "acct-1", NOW, List.of(a3)), live), List.of(a3));
        // expired invalid order reusing a live authorization: the order goes, the authorization stays
        Authorization a4 = authorization("a-4", "acct-1", Identifier.dns("four.example"), live);
        Order invalid =
                storage.createOrder(withExpiry(order("o-invalid", "acct-1", NOW, List.of(a4)), expired), List.of(a4));
        storage.updateOrder(invalid.invalid(Problem.of(ProblemType.MALFORMED, "x")))
                .orElseThrow();
        // an order expiring exactly at the cutoff is not yet expired before it
        Authorization a5 = authorization("a-5", "acct-1", Identifier.dns("five.example"), cutoff);
        storage.createOrder(withExpiry(order("o-edge", "acct-1", NOW, List.of(a5)), cutoff), List.of(a5));

        int pruned = storage.pruneExpired(cutoff);

        assertThat(pruned).isEqualTo(3);
        assertThat(storage.ordersByAccount("acct-1"))
                .extracting(Order::id)
                .containsExactlyInAnyOrder("o-valid", "o-live", "o-edge");
        assertThat(storage.authorizationById("a-1")).isEmpty();
        assertThat(storage.authorizationsByIds(List.of("a-2", "a-3", "a-4", "a-5")))
                .hasSize(4);
        assertThat(storage.certificateBySerial("0a")).isPresent();
        assertThat(storage.accountById("acct-1")).isPresent();
        assertThat(storage.authorizationsFor("acct-1", Identifier.dns("one.example")))
                .isEmpty();
        assertThat(storage.pruneExpired(cutoff)).isZero();
    }

    @Test
    void pruneExpiredLaterCollectsAuthorizationsOfPrunedOrders() {
        storage.createAccount(account("acct-1", "thumb-1"));
        Authorization shared = authorization("a-shared", "acct-1", Identifier.dns("x.example"), NOW);
        storage.createOrder(withExpiry(order("o-1", "acct-1", NOW, List.of(shared)), NOW), List.of(shared));
        storage.createOrder(withExpiry(order("o-2", "acct-1", NOW, List.of(shared)), NOW.plus(DAY)), List.of());

        assertThat(storage.pruneExpired(NOW.plusSeconds(1))).isEqualTo(1);
        assertThat(storage.authorizationById("a-shared")).isPresent();
        assertThat(storage.pruneExpired(NOW.plus(DAY).plusSeconds(1))).isEqualTo(2);
        assertThat(storage.authorizationById("a-shared")).isEmpty();
    }

    // ---- races

    // ---- ARI replacements (RFC 9773 §5)

    @Test
    void orderReplacingFindsTheOrderThatReplacesACertificateUntilItIsInvalid() {
        Order replacement = replacingOrder("acct-1", "order-1", "AKI.AQID");

        assertThat(storage.orderById("order-1").orElseThrow().replaces()).isEqualTo("AKI.AQID");
        assertThat(storage.orderReplacing("AKI.AQID")).contains(replacement);
        assertThat(storage.orderReplacing("AKI.AQIE")).isEmpty();

        storage.updateOrder(replacement.invalid(Problem.of(ProblemType.UNAUTHORIZED, "failed")))
                .orElseThrow();
        assertThat(storage.orderReplacing("AKI.AQID")).isEmpty();
        assertThat(storage.orderById("order-1").orElseThrow().replaces())
                .as("still echoed")
                .isEqualTo("AKI.AQID");
    }

    @Test
    void secondLiveReplacementOfOneCertificateIsRefusedAndStoresNothing() {
        replacingOrder("acct-1", "order-1", "AKI.AQID");
        Authorization authz = authorization("authz-2", "acct-1", Identifier.dns("two.example"), NOW.plus(DAY));
        Order second = withReplaces(order("order-2", "acct-1", NOW, List.of(authz)), "AKI.AQID");

        assertThatThrownBy(() -> storage.createOrder(second, List.of(authz)))
                .isInstanceOf(Storage.AlreadyReplacedException.class);
        assertThat(storage.orderById("order-2")).isEmpty();
        assertThat(storage.authorizationById("authz-2")).isEmpty();
    }

    @Test
    void certificateWhoseReplacementBecameInvalidCanBeReplacedAgain() {
        Order first = replacingOrder("acct-1", "order-1", "AKI.AQID");
        storage.updateOrder(first.invalid(Problem.of(ProblemType.UNAUTHORIZED, "failed")))
                .orElseThrow();

        Order second = replacingOrder("acct-1", "order-2", "AKI.AQID");

        assertThat(storage.orderReplacing("AKI.AQID")).contains(second);
    }

    @Test
    void racingReplacementsOfOneCertificateStoreOne() throws Exception {
        storage.createAccount(account("acct-1", "thumb-acct-1"));

        List<Race.Outcome<Order>> outcomes = Race.run(i -> () -> {
            Authorization authz = authorization("authz-" + i, "acct-1", Identifier.dns("r.example"), NOW.plus(DAY));
            return storage.createOrder(
                    withReplaces(order("order-" + i, "acct-1", NOW, List.of(authz)), "AKI.AQID"), List.of(authz));
        });

        assertThat(outcomes).filteredOn(Race.Outcome::won).hasSize(1);
        assertThat(outcomes)
                .filteredOn(o -> !o.won())
                .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(Storage.AlreadyReplacedException.class));
        String winner = outcomes.stream()
                .filter(Race.Outcome::won)
                .findFirst()
                .orElseThrow()
                .value()
                .id();
        assertThat(storage.orderReplacing("AKI.AQID").orElseThrow().id()).isEqualTo(winner);
        assertThat(storage.ordersByAccount("acct-1")).hasSize(1);
    }

    private Order replacingOrder(String accountId, String orderId, String certId) {
        if (storage.accountById(accountId).isEmpty()) {
            storage.createAccount(account(accountId, "thumb-" + accountId));
        }
        Authorization authz =
                authorization("authz-" + orderId, accountId, Identifier.dns(orderId + ".example"), NOW.plus(DAY));
        return storage.createOrder(
                withReplaces(order(orderId, accountId, NOW, List.of(authz)), certId), List.of(authz));
    }

    private static Order withReplaces(Order o, String certId) {
        return new Order(
                o.id(),
                o.accountId(),
                o.phase(),
                o.createdAt(),
                o.expires(),
                o.identifiers(),
                o.authorizationIds(),
                o.notBefore(),
                o.notAfter(),
                o.error(),
                o.certificateSerial(),
                certId,
                null,
                o.version());
    }

    @Test
    void racingUpdatesOfOneVersionHaveExactlyOneWinner() throws Exception {
        Order pending = pendingOrder("acct-1", "order-1");

        List<Race.Outcome<Optional<Order>>> outcomes = Race.run(i -> () -> storage.updateOrder(pending.processing()));

        assertThat(outcomes).allMatch(Race.Outcome::won);
        assertThat(outcomes).filteredOn(o -> o.value().isPresent()).hasSize(1);
        assertThat(storage.orderById("order-1").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void racingChallengeResponsesStartOneValidation() throws Exception {
        Order order = pendingOrder("acct-1", "order-1");
        Authorization authz =
                storage.authorizationById(order.authorizationIds().get(0)).orElseThrow();

        List<Race.Outcome<Optional<Authorization>>> outcomes =
                Race.run(i -> () -> storage.updateAuthorization(authz.withChallenge(
                        authz.challenges().get(i % authz.challenges().size()).processing())));

        assertThat(outcomes).allMatch(Race.Outcome::won);
        assertThat(outcomes).filteredOn(o -> o.value().isPresent()).hasSize(1);
        Authorization stored = storage.authorizationById(authz.id()).orElseThrow();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.challenges())
                .filteredOn(c -> c.status() == ChallengeStatus.PROCESSING)
                .hasSize(1);
    }

    @Test
    void racingAccountCreationsForOneKeyMakeOneAccount() throws Exception {
        List<Race.Outcome<Account>> outcomes =
                Race.run(i -> () -> storage.createAccount(account("acct-" + i, "thumb-shared")));

        assertThat(outcomes).filteredOn(Race.Outcome::won).hasSize(1);
        String winner = outcomes.stream()
                .filter(Race.Outcome::won)
                .findFirst()
                .orElseThrow()
                .value()
                .id();
        assertThat(outcomes)
                .filteredOn(o -> !o.won())
                .allSatisfy(o -> assertThat(o.failure())
                        .isInstanceOfSatisfying(
                                DuplicateKeyException.class,
                                e -> assertThat(e.existingAccountId()).isEqualTo(winner)));
        assertThat(storage.accountByThumbprint("thumb-shared").orElseThrow().id())
                .isEqualTo(winner);
        for (int i = 0; i < Race.CONTENDERS; i++) {
            assertThat(storage.accountById("acct-" + i).isPresent()).isEqualTo(("acct-" + i).equals(winner));
        }
    }

    @Test
    void racingKeyChangesToOneNewKeyHaveOneWinnerAndTheOthersLearnItsId() throws Exception {
        List<Account> accounts = new java.util.ArrayList<>();
        for (int i = 0; i < Race.CONTENDERS; i++) {
            accounts.add(storage.createAccount(account("acct-" + i, "thumb-" + i)));
        }

        List<Race.Outcome<Optional<Account>>> outcomes =
                Race.run(i -> () -> storage.updateAccount(accounts.get(i).withKey(key("thumb-new"))));

        assertThat(outcomes).filteredOn(Race.Outcome::won).hasSize(1);
        Account winner = outcomes.stream()
                .filter(Race.Outcome::won)
                .findFirst()
                .orElseThrow()
                .value()
                .orElseThrow();
        assertThat(outcomes)
                .filteredOn(o -> !o.won())
                .allSatisfy(o -> assertThat(o.failure())
                        .isInstanceOfSatisfying(
                                DuplicateKeyException.class,
                                e -> assertThat(e.existingAccountId()).isEqualTo(winner.id())));
        assertThat(storage.accountByThumbprint("thumb-new")).contains(winner);
        AtomicInteger unchanged = new AtomicInteger();
        accounts.forEach(a -> {
            if (!a.id().equals(winner.id())
                    && storage.accountById(a.id()).orElseThrow().equals(a)) {
                unchanged.incrementAndGet();
            }
        });
        assertThat(unchanged).hasValue(Race.CONTENDERS - 1);
    }

    @Test
    void racingIssuancesForOneOrderStoreOneCertificate() throws Exception {
        Order processing = processingOrder("acct-1", "order-1");

        List<Race.Outcome<CertificateRecord>> outcomes = Race.run(i -> () ->
                storage.createCertificate(certificate("0c" + i, "acct-1", "order-1"), processing.valid("0c" + i)));

        assertThat(outcomes).filteredOn(Race.Outcome::won).hasSize(1);
        assertThat(outcomes)
                .filteredOn(o -> !o.won())
                .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(IllegalStateException.class));
        String serial = outcomes.stream()
                .filter(Race.Outcome::won)
                .findFirst()
                .orElseThrow()
                .value()
                .serial();
        Order valid = storage.orderById("order-1").orElseThrow();
        assertThat(valid.phase()).isEqualTo(OrderStatus.VALID);
        assertThat(valid.certificateSerial()).isEqualTo(serial);
        for (int i = 0; i < Race.CONTENDERS; i++) {
            assertThat(storage.certificateBySerial("0c" + i).isPresent()).isEqualTo(("0c" + i).equals(serial));
        }
    }

    // ---- durability (called by the durable backends' tests)

    /** Everything written is there, unchanged, after the store is closed and opened again. */
    protected void checkRecordsSurviveReopening(Supplier<Storage> reopen) {
        Order processing = processingOrder("acct-1", "order-1");
        CertificateRecord cert =
                storage.createCertificate(certificate("0a", "acct-1", "order-1"), processing.valid("0a"));
        CertificateRecord revoked =
                storage.updateCertificate(cert.revoked(NOW, 1)).orElseThrow();
        Account account = storage.accountById("acct-1").orElseThrow();
        Order order = storage.orderById("order-1").orElseThrow();
        Authorization authz =
                storage.authorizationById(order.authorizationIds().get(0)).orElseThrow();
        storage.close();

        storage = reopen.get();

        assertThat(storage.accountByThumbprint(account.key().thumbprint())).contains(account);
        assertThat(storage.orderById("order-1")).contains(order);
        assertThat(storage.authorizationById(authz.id())).contains(authz);
        assertThat(storage.certificateBySerial("0a").orElseThrow())
                .usingRecursiveComparison()
                .isEqualTo(revoked);
        assertThat(storage.updateOrder(order.withVersion(0)))
                .as("versions survive too")
                .isEmpty();
    }

    // ---- helpers

    /** A stored pending order with one fresh authorization, creating its account on first use. */
    protected Order pendingOrder(String accountId, String orderId) {
        if (storage.accountById(accountId).isEmpty()) {
            storage.createAccount(account(accountId, "thumb-" + accountId));
        }
        Authorization authz =
                authorization("authz-" + orderId, accountId, Identifier.dns(orderId + ".example"), NOW.plus(DAY));
        return storage.createOrder(order(orderId, accountId, NOW, List.of(authz)), List.of(authz));
    }

    protected Order processingOrder(String accountId, String orderId) {
        return storage.updateOrder(pendingOrder(accountId, orderId).processing())
                .orElseThrow();
    }
}
