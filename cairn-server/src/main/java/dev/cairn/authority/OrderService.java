package dev.cairn.authority;

import dev.cairn.issuance.CertificateIssuer;
import dev.cairn.issuance.CsrChecker;
import dev.cairn.issuance.IssuedCertificate;
import dev.cairn.issuance.Profile;
import dev.cairn.issuance.Profiles;
import dev.cairn.policy.IdentifierPolicy;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.AuthorizationStatus;
import dev.cairn.protocol.ChallengeStatus;
import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.OrderStatus;
import dev.cairn.protocol.Problem;
import dev.cairn.protocol.ProblemType;
import dev.cairn.storage.Storage;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Orders from creation to certificate (RFC 8555 §7.4), and certificate download (§7.4.2). */
public final class OrderService {
    private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);

    private final Storage storage;
    private final AuthorityPolicy policy;
    private final IdentifierPolicy identifierPolicy;
    private final CertificateIssuer issuer;
    private final Executor issuanceExecutor;
    private final RenewalService renewals;
    private final Clock clock;
    private final Ids ids;
    private final AuthorizationReuse reuse;

    OrderService(
            Storage storage,
            AuthorityPolicy policy,
            IdentifierPolicy identifierPolicy,
            CertificateIssuer issuer,
            RenewalService renewals,
            Executor issuanceExecutor,
            Clock clock,
            Ids ids,
            AuthorizationReuse reuse) {
        this.reuse = reuse;
        this.storage = storage;
        this.renewals = renewals;
        this.policy = policy;
        this.identifierPolicy = identifierPolicy;
        this.issuer = issuer;
        this.issuanceExecutor = issuanceExecutor;
        this.clock = clock;
        this.ids = ids;
    }

    public OrderView newOrder(Account account, NewOrderRequest request) {
        List<Identifier> identifiers = identifierPolicy.normalize(request.identifiers());
        Instant now = clock.instant();
        Profile profile = profileFor(request.profile(), identifiers);
        checkValidityWindow(request.notBefore(), request.notAfter(), now, profile);
        String replaces = null;
        if (request.replaces() != null) {
            replaces = renewals.replaceable(account, request.replaces(), identifiers)
                    .wire();
            releaseFailedReplacement(replaces);
        }
        List<String> authzIds = new ArrayList<>();
        List<Authorization> created = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Identifier identifier : identifiers) {
            Identifier base = identifier.withoutWildcard();
            String dedupKey = base + "|" + identifier.isWildcard();
            if (seen.contains(dedupKey)) {
                continue;
            }
            seen.add(dedupKey);
            Optional<Authorization> reusable = reuse.reuse()
                    ? reusableAuthorization(account.id(), base, identifier.isWildcard(), now)
                    : Optional.empty();
            if (reusable.isPresent()) {
                authzIds.add(reusable.get().id());
            } else {
                Authorization authz = newAuthorization(account.id(), base, identifier.isWildcard(), now);
                created.add(authz);
                authzIds.add(authz.id());
            }
        }
        Order order = new Order(
                ids.id(),
                account.id(),
                OrderStatus.PENDING,
                now,
                now.plus(policy.orderLifetime()),
                identifiers,
                authzIds,
                request.notBefore(),
                request.notAfter(),
                null,
                null,
                replaces,
                profile.name(),
                0);
        try {
            storage.createOrder(order, created);
        } catch (Storage.AlreadyReplacedException e) {
            throw alreadyReplaced(replaces);
        }
        return view(account, order.id());
    }

    /**
     * RFC 9773 §5: a certificate is replaced once, by an order that is not invalid. An earlier
     * replacement that has become invalid (failed authorization, expiry) only looks invalid, as
     * status is derived; its phase is stored as invalid so that storage, which arbitrates racing
     * replacements on the stored phase, lets the new one through.
     */
    private void releaseFailedReplacement(String certId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Order> holder = storage.orderReplacing(certId);
            if (holder.isEmpty()) {
                return;
            }
            OrderView view = viewOf(holder.get());
            if (view.status() != OrderStatus.INVALID) {
                throw alreadyReplaced(certId);
            }
            storage.updateOrder(holder.get().invalid(view.error()));
        }
        throw alreadyReplaced(certId);
    }

    private static AcmeProblem alreadyReplaced(String certId) {
        return AcmeProblem.of(
                ProblemType.ALREADY_REPLACED,
                "The certificate " + certId + " has already been"
                        + " replaced by another order that is not invalid; finish that order instead of starting another");
    }

    /**
     * draft-ietf-acme-profiles §4: an unknown profile, or one the identifiers do not fit, is
     * invalidProfile. No profile: the default, or the first that allows IP addresses when there
     * is one (docs/divergences.md).
     */
    private Profile profileFor(String requested, List<Identifier> identifiers) {
        Profiles profiles = issuer.profiles();
        if (requested == null) {
            return profiles.defaultFor(identifiers)
                    .orElseThrow(() -> AcmeProblem.of(
                            ProblemType.REJECTED_IDENTIFIER,
                            "No profile of this CA allows IP address identifiers; order DNS names only"));
        }
        Profile profile = profiles.find(requested)
                .orElseThrow(() -> AcmeProblem.of(
                        ProblemType.INVALID_PROFILE,
                        "Profile '" + requested + "' is not offered; use one of: " + profiles.names()));
        if (Profiles.hasIp(identifiers) && !profile.ipAllowed()) {
            throw AcmeProblem.of(
                    ProblemType.INVALID_PROFILE,
                    "Profile '" + requested + "' does not allow IP address identifiers; use one of: "
                            + profiles.all().stream()
                                    .filter(Profile::ipAllowed)
                                    .map(Profile::name)
                                    .collect(Collectors.joining(", ")));
        }
        return profile;
    }

    /** The order's profile; one the CA stopped offering since newOrder is invalidProfile (PROF-05). */
    private Profile profileOf(Order order) {
        if (order.profile() == null) {
            return issuer.profiles()
                    .defaultFor(order.identifiers())
                    .orElse(issuer.profiles().defaultProfile());
        }
        return issuer.profiles()
                .find(order.profile())
                .orElseThrow(() -> AcmeProblem.of(
                        ProblemType.INVALID_PROFILE,
                        "This order's profile '" + order.profile() + "' is no longer offered; create a new order"
                                + " with one of: " + issuer.profiles().names()));
    }

    private void checkValidityWindow(Instant notBefore, Instant notAfter, Instant now, Profile profile) {
        Duration max = profile.lifetime();
        if (notAfter != null && !notAfter.isAfter(now)) {
            throw AcmeProblem.malformed(
                    "notAfter " + notAfter + " is in the past; ask for a notAfter after " + now + " or leave it out");
        }
        if (notBefore != null && notBefore.isAfter(now.plus(max))) {
            throw AcmeProblem.malformed("notBefore " + notBefore + " is too far in the future; it may be at most "
                    + max.toHours() + " hours from now, or leave it out");
        }
        if (notBefore != null && notAfter != null && !notAfter.isAfter(notBefore)) {
            throw AcmeProblem.malformed("notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
        Instant start = notBefore == null ? now : notBefore;
        if (notAfter != null && Duration.between(start, notAfter).compareTo(max) > 0) {
            throw AcmeProblem.malformed("The requested validity from " + start + " to " + notAfter + " is longer than"
                    + " the maximum certificate lifetime of " + max.toHours() + " hours of profile " + profile.name()
                    + "; ask for a shorter window");
        }
    }

    /** RFC 8555 §7.1.3 (MAY): a valid authorization of the same account is reused while it lives. */
    private Optional<Authorization> reusableAuthorization(
            String accountId, Identifier base, boolean wildcard, Instant now) {
        return storage.authorizationsFor(accountId, base).stream()
                .filter(a -> a.wildcard() == wildcard)
                .filter(a -> a.effectiveStatus(now) == AuthorizationStatus.VALID)
                .filter(a -> a.expires().isAfter(now.plus(Duration.ofMinutes(5))))
                .findFirst();
    }

    private Authorization newAuthorization(String accountId, Identifier base, boolean wildcard, Instant now) {
        List<ChallengeType> types;
        if (wildcard) {
            types = List.of(ChallengeType.DNS_01);
        } else if (Identifier.IP.equals(base.type())) {
            types = List.of(ChallengeType.HTTP_01, ChallengeType.TLS_ALPN_01);
        } else {
            types = List.of(ChallengeType.HTTP_01, ChallengeType.DNS_01, ChallengeType.TLS_ALPN_01);
        }
        List<Challenge> challenges = types.stream()
                .map(t -> new Challenge(ids.id(), t, ids.token(), ChallengeStatus.PENDING, null, null))
                .toList();
        return new Authorization(
                ids.id(),
                accountId,
                base,
                wildcard,
                AuthorizationStatus.PENDING,
                now.plus(policy.pendingAuthorizationLifetime()),
                challenges,
                0);
    }

    /**
     * RFC 8555 §7.4.1: a new pending authorization for one identifier, outside any order. A
     * later order for the identifier reuses it once valid (§7.1.3, {@link AuthorizationReuse}).
     * The identifier is the exact one the authorization is for, so a wildcard cannot be
     * pre-authorized: it needs an order, whose authorization is for the base domain.
     */
    public AuthorizationView preAuthorize(Account account, Identifier requested) {
        if (requested.isWildcard()) {
            throw wildcardPreAuthorization(requested);
        }
        Identifier identifier = identifierPolicy.normalize(List.of(requested)).get(0);
        if (identifier.isWildcard()) {
            throw wildcardPreAuthorization(requested);
        }
        Instant now = clock.instant();
        Authorization created = storage.createAuthorization(newAuthorization(account.id(), identifier, false, now));
        return new AuthorizationView(created, created.effectiveStatus(now));
    }

    /** Shaped like {@link IdentifierPolicy}'s refusals: the identifier is named in a subproblem (RFC 8555 §6.7.1). */
    private static AcmeProblem wildcardPreAuthorization(Identifier requested) {
        String detail = "\"" + requested.value() + "\" is a wildcard, which cannot be pre-authorized (RFC 8555"
                + " §7.4.1); pre-authorize the base domain, or create an order for the wildcard and answer its"
                + " dns-01 challenge";
        return AcmeProblem.of(ProblemType.REJECTED_IDENTIFIER, detail)
                .withSubproblems(List.of(
                        AcmeProblem.of(ProblemType.REJECTED_IDENTIFIER, detail).withIdentifier(requested)));
    }

    public Profiles profiles() {
        return issuer.profiles();
    }

    /** The id of the account that owns order {@code orderId}, for reports about unsigned requests. */
    public Optional<String> orderOwner(String orderId) {
        return storage.orderById(orderId).map(Order::accountId);
    }

    /** The id of the account that ordered the certificate with {@code serial}. */
    public Optional<String> certificateOwner(String serial) {
        return storage.certificateBySerial(serial).map(CertificateRecord::accountId);
    }

    public OrderView view(Account account, String orderId) {
        Order order = storage.orderById(orderId)
                .orElseThrow(() -> AcmeProblem.notFound("No order " + orderId + " exists on this server"));
        AccountService.requireOwner(account, order.accountId(), "order " + orderId);
        return viewOf(order);
    }

    private OrderView viewOf(Order order) {
        Instant now = clock.instant();
        List<Authorization> authzs = storage.authorizationsByIds(order.authorizationIds());
        return new OrderView(
                order,
                OrderStatusRule.statusOf(order, authzs, now),
                OrderStatusRule.errorOf(order, authzs, now),
                authzs);
    }

    /**
     * The account's orders that are not invalid, oldest first (RFC 8555 §7.1.2.1 SHOULD). Only a
     * pending order's status depends on its authorizations, so only those are read: an account
     * with a long history of valid orders costs one query, not one per order.
     */
    public List<String> orderIds(Account signer, String accountId) {
        AccountService.requireOwn(signer, accountId);
        return storage.ordersByAccount(accountId).stream()
                .filter(o -> o.phase() == OrderStatus.PENDING
                        ? viewOf(o).status() != OrderStatus.INVALID
                        : o.phase() != OrderStatus.INVALID)
                .map(Order::id)
                .toList();
    }

    /**
     * RFC 8555 §7.4. The CSR is checked before the order leaves {@code ready}, so a bad CSR
     * leaves it ready for another try. One compare-and-set moves it to processing: of two
     * racing finalize requests one wins and the other gets orderNotReady.
     */
    public OrderView finalizeOrder(Account account, String orderId, byte[] csrDer) {
        return finalizeOrder(account, orderId, csrDer, policy.finalizeWait());
    }

    /**
     * {@link #finalizeOrder(Account, String, byte[])}, waiting up to {@code wait} for issuance
     * (legal-variation mode answers at once, or waits until the certificate is issued).
     */
    public OrderView finalizeOrder(Account account, String orderId, byte[] csrDer, Duration wait) {
        OrderView view = view(account, orderId);
        if (view.status() != OrderStatus.READY) {
            throw notReady(view);
        }
        Profile profile = profileOf(view.order());
        PublicKey subjectKey = CsrChecker.check(
                csrDer, view.order().identifiers(), account.key().publicKey());
        Order processing =
                storage.updateOrder(view.order().processing()).orElseThrow(() -> notReady(view(account, orderId)));
        CompletableFuture<Void> issuance =
                CompletableFuture.runAsync(() -> issue(processing, subjectKey, profile), issuanceExecutor);
        awaitBriefly(issuance, wait);
        return view(account, orderId);
    }

    private static void awaitBriefly(CompletableFuture<Void> issuance, Duration wait) {
        try {
            issuance.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
            // the client gets "processing" and polls (RFC 8555 §7.4)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // issue() records its own failures in the order
        }
    }

    private void issue(Order processing, PublicKey subjectKey, Profile profile) {
        try {
            IssuedCertificate issued = issuer.issue(
                    subjectKey, processing.identifiers(), processing.notBefore(), processing.notAfter(), profile);
            CertificateRecord record = new CertificateRecord(
                    issued.serialHex(),
                    processing.accountId(),
                    processing.id(),
                    issued.leafDer(),
                    issued.chainsPem(),
                    processing.identifiers(),
                    issued.notBefore(),
                    issued.notAfter(),
                    null,
                    null,
                    null,
                    0);
            storage.createCertificate(record, processing.valid(issued.serialHex()));
        } catch (RuntimeException e) {
            LOG.error("issuance failed for order {}", processing.id(), e);
            storage.updateOrder(processing.invalid(Problem.of(
                    ProblemType.SERVER_INTERNAL,
                    "The certificate could not be issued because of a server error; create a new order")));
        }
    }

    /**
     * Start-up recovery: an order left {@code processing} by a stop or crash never got its
     * certificate (issuance stores the certificate and the valid order in one transaction), and
     * the CSR's key is not kept, so it is failed with a problem saying so. The client's next
     * order succeeds. Limit: with several nodes on one database, a node starting while another
     * is issuing would fail that order too; multi-node leases come with the multi-node work.
     */
    public int failInterruptedIssuance() {
        int failed = 0;
        for (Order order : storage.ordersInPhase(OrderStatus.PROCESSING)) {
            Problem problem = Problem.of(
                    ProblemType.SERVER_INTERNAL,
                    "Cairn stopped while issuing the certificate"
                            + " for this order, and no certificate was issued; create a new order");
            if (storage.updateOrder(order.invalid(problem)).isPresent()) {
                failed++;
            }
        }
        return failed;
    }

    private static AcmeProblem notReady(OrderView view) {
        String why = switch (view.status()) {
            case PENDING -> "its authorizations are not all valid yet; complete a challenge for each one first";
            case PROCESSING -> "it is already being finalized; poll the order until it is valid";
            case VALID -> "it was already finalized; download the certificate from the order's certificate URL";
            case INVALID -> "it is invalid; create a new order";
            default -> "its status is " + view.status().wire();
        };
        return AcmeProblem.of(
                ProblemType.ORDER_NOT_READY,
                "Order " + view.order().id() + " is " + view.status().wire() + " and cannot be finalized: " + why);
    }

    public CertificateRecord certificate(Account account, String serial) {
        CertificateRecord cert = storage.certificateBySerial(serial)
                .orElseThrow(
                        () -> AcmeProblem.notFound("No certificate with serial " + serial + " exists on this server"));
        AccountService.requireOwner(account, cert.accountId(), "certificate " + serial);
        return cert;
    }
}
