package dev.cairn.conformance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The client conformance report: every protocol mistake each client made, by account.
 *
 * <p>Design. The web layer hands over one {@link Observation} per answered request: the
 * violations its steps noted where they already refuse (or, in lenient mode, tolerate) a
 * request, and the facts the rules spanning requests need. Those three rules live here, on the
 * injected clock:
 *
 * <ul>
 *   <li>{@code retry-after-ignored}: a Retry-After the server gave for a URL (and for the
 *       Location of that answer, the order a finalize is processing, RFC 8555 §7.4) applies to
 *       the same requester's next request to that URL; a request that arrives after the
 *       answer was sent and before it ran out is a violation. Requests already in flight when
 *       the answer was sent are not. The wait is counted from the start of the second the
 *       answer was sent, since a client may count it from the whole-second Date header.
 *   <li>{@code bad-nonce-not-retried}: a badNonce answer is owed a retry to the same URL by the
 *       same requester (RFC 8555 §6.5: the client SHOULD retry). Other requests in between are
 *       fine, since clients run requests concurrently. A retry still owed shows in the report
 *       as {@code awaitingRetry} (and the report is not clean); after {@link #RETRY_WINDOW} it
 *       becomes a violation.
 *   <li>{@code url-not-provided} for URLs only ever offered in Link headers: requested by a
 *       requester the server never offered them to.
 * </ul>
 *
 * <p>Attribution: a violation goes to the account the request names ({@code kid}, or the
 * {@code jwk} of an existing account, including one the request itself created); requests that
 * name none go to the {@code anonymous} client, each violation with the client's address. The
 * requester of the spanning rules is the {@code kid} or key as sent, so a badNonce on the
 * newAccount of a new key is still matched with its retry. Memory is bounded by {@link
 * ConformanceRecorder} and {@link RequestHistory}.
 */
public final class ClientConformance {
    public static final Duration RETRY_WINDOW = Duration.ofSeconds(10);

    private final ConformanceRecorder recorder;
    private final Clock clock;
    private final AccountNames accounts;
    private final RequestHistory history = new RequestHistory();

    public ClientConformance(ConformanceRecorder recorder, Clock clock, AccountNames accounts) {
        this.recorder = recorder;
        this.clock = clock;
        this.accounts = accounts;
    }

    public Instant now() {
        return clock.instant();
    }

    public void observe(Observation o) {
        sweep();
        List<Violation> found = new ArrayList<>();
        for (Observation.Noted n : o.noted()) {
            found.add(violation(o, n.rule(), n.sectionOrDefault(), n.detail(), o.arrived()));
        }
        if (o.requester() != null) {
            follow(o, found);
        }
        if (!found.isEmpty()) {
            ClientRef client = o.client().get();
            found.forEach(v -> recorder.record(client, client.isAnonymous() ? v : withoutAddress(v)));
        }
    }

    /** The rules spanning requests, for a request whose requester is known. */
    private void follow(Observation o, List<Violation> found) {
        String requester = o.requester();
        history.retried(requester, o.url());
        history.takeDeadline(requester, o.url())
                .filter(d -> !o.arrived().isBefore(d.givenAt()) && o.arrived().isBefore(d.notBefore()))
                .ifPresent(d -> found.add(violation(
                        o,
                        Rule.RETRY_AFTER_IGNORED,
                        Rule.RETRY_AFTER_IGNORED.section(),
                        o.method() + " " + o.url() + " arrived "
                                + Duration.between(o.arrived(), d.notBefore()).toMillis()
                                + " ms before the Retry-After of " + d.given().toSeconds()
                                + " s given for it at " + d.givenAt() + " ran out",
                        o.arrived())));
        if (o.linkOnly() && !history.offered(requester, o.url())) {
            found.add(violation(
                    o,
                    Rule.URL_NOT_PROVIDED,
                    "RFC 8555 §6.4, §7.4.2, §7.1.2.1",
                    o.url() + " is only offered in a Link header, and was never offered to this client",
                    o.arrived()));
        }
        Instant now = clock.instant();
        if (o.retryAfter() != null) {
            // HTTP dates have whole seconds: a client may count the delay from the answer's Date
            // header, so the wait runs out at the start of the second the answer was sent, plus it.
            Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS).plus(o.retryAfter());
            RequestHistory.Deadline deadline = new RequestHistory.Deadline(now, notBefore, o.retryAfter());
            history.setDeadline(requester, o.url(), deadline);
            if (o.location() != null && !o.location().equals(o.url())) {
                history.setDeadline(requester, o.location(), deadline);
            }
        }
        if (!o.links().isEmpty()) {
            history.offer(requester, o.links());
        }
        if (o.badNonce()) {
            history.awaitRetry(new RequestHistory.Pending(
                    requester, o.client().get(), o.method(), o.url(), o.path(), o.clientAddress(), now));
        }
    }

    private static Violation violation(Observation o, Rule rule, String section, String detail, Instant time) {
        return new Violation(rule, section, detail, o.method(), o.path(), time, o.clientAddress());
    }

    private static Violation withoutAddress(Violation v) {
        return new Violation(v.rule(), v.section(), v.detail(), v.method(), v.path(), v.time(), null);
    }

    /** Turns badNonce answers whose retry is overdue into violations. */
    private void sweep() {
        for (RequestHistory.Pending p : history.overdue(clock.instant().minus(RETRY_WINDOW))) {
            recorder.record(
                    p.client(),
                    new Violation(
                            Rule.BAD_NONCE_NOT_RETRIED,
                            Rule.BAD_NONCE_NOT_RETRIED.section(),
                            p.method() + " " + p.url() + " was answered badNonce and not sent again within "
                                    + RETRY_WINDOW.toSeconds() + " s",
                            p.method(),
                            p.path(),
                            p.since(),
                            p.client().isAnonymous() ? p.clientAddress() : null));
        }
    }

    /**
     * The client named by {@code account}: an account id, an account URL, or {@code anonymous}.
     * Empty when no such account exists.
     */
    public Optional<ClientRef> client(String account) {
        if (ClientRef.ANONYMOUS_ID.equals(account)) {
            return Optional.of(ClientRef.ANONYMOUS);
        }
        String id = accounts.idOf(account);
        if (id == null) {
            id = account;
        }
        if (id.isEmpty() || id.indexOf('/') >= 0 || id.indexOf(':') >= 0 || !accounts.exists(id)) {
            return Optional.empty();
        }
        return Optional.of(ClientRef.account(id, accounts.urlOf(id)));
    }

    /**
     * The report of an account, given as its URL or id (or {@code anonymous}).
     *
     * @throws NoSuchElementException when no such account exists
     */
    public ConformanceReport report(String account) {
        return report(client(account).orElseThrow(() -> new NoSuchElementException("no account " + account)));
    }

    public ConformanceReport report(ClientRef client) {
        sweep();
        return recorder.report(client).withAwaitingRetry(awaited(history.pendingFor(client)));
    }

    /** A report for every client with a violation or a retry still owed, most recent offender first. */
    public List<ConformanceReport> reports() {
        sweep();
        Map<String, List<RequestHistory.Pending>> owed = new LinkedHashMap<>();
        Map<String, ClientRef> owing = new LinkedHashMap<>();
        for (RequestHistory.Pending p : history.allPending()) {
            owed.computeIfAbsent(p.client().id(), k -> new ArrayList<>()).add(p);
            owing.put(p.client().id(), p.client());
        }
        List<ConformanceReport> out = new ArrayList<>();
        for (ConformanceReport r : recorder.reports()) {
            out.add(r.withAwaitingRetry(awaited(owed.getOrDefault(r.client().id(), List.of()))));
            owing.remove(r.client().id());
        }
        owing.values().forEach(c -> out.add(ConformanceReport.empty(c).withAwaitingRetry(awaited(owed.get(c.id())))));
        return out;
    }

    /**
     * Clears the report of an account given as its URL or id (or {@code anonymous}); false when
     * no such account exists.
     */
    public boolean clear(String account) {
        Optional<ClientRef> client = client(account);
        client.ifPresent(this::clear);
        return client.isPresent();
    }

    public void clear(ClientRef client) {
        recorder.clear(client);
        history.forget(client);
    }

    public void clearAll() {
        recorder.clearAll();
        history.forgetAll();
    }

    private static List<ConformanceReport.AwaitedRetry> awaited(List<RequestHistory.Pending> pending) {
        return pending.stream()
                .map(p -> new ConformanceReport.AwaitedRetry(p.method(), p.url(), p.since()))
                .toList();
    }
}
