package dev.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules that span requests, on a clock the test moves, and how reports are named. */
class ClientConformanceTest {
    private static final String PREFIX = "https://ca/acme/acct/";
    private static final ClientRef ALICE = ClientRef.account("alice", PREFIX + "alice");
    private static final String ORDER = "https://ca/acme/order/1";
    private static final String FINALIZE = ORDER + "/finalize";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ClientConformance conformance =
            new ClientConformance(new InMemoryConformanceRecorder(), clock, new AccountNames() {
                @Override
                public String idOf(String url) {
                    return url.startsWith(PREFIX) ? url.substring(PREFIX.length()) : null;
                }

                @Override
                public String urlOf(String id) {
                    return PREFIX + id;
                }

                @Override
                public boolean exists(String id) {
                    return Set.of("alice", "bob").contains(id);
                }
            });

    /** One request as the web layer would describe it; arrives now unless told otherwise. */
    private final class Req {
        ClientRef client = ALICE;
        String requester = "kid:" + PREFIX + "alice";
        String url;
        Instant arrived = clock.instant();
        final List<Observation.Noted> noted = new ArrayList<>();
        boolean badNonce;
        boolean linkOnly;
        Duration retryAfter;
        String location;
        List<String> links = List.of();

        Req(String url) {
            this.url = url;
        }

        void send() {
            conformance.observe(new Observation(
                    () -> client,
                    requester,
                    "POST",
                    url.substring("https://ca".length()),
                    url,
                    "192.0.2.7",
                    arrived,
                    noted,
                    badNonce,
                    linkOnly,
                    retryAfter,
                    location,
                    links));
        }
    }

    private Req poll(String url) {
        return new Req(url);
    }

    private ConformanceReport alice() {
        return conformance.report(ALICE);
    }

    @Test
    void notedViolationsAreRecordedForTheClientAtTheTimeTheRequestArrived() {
        Req r = poll(ORDER);
        r.noted.add(new Observation.Noted(Rule.NONCE_REUSED, null, "the nonce was already used"));
        r.arrived = clock.instant().minusMillis(5);
        r.send();

        Violation v = alice().violations().get(0);
        assertThat(v.rule()).isEqualTo(Rule.NONCE_REUSED);
        assertThat(v.section()).isEqualTo("RFC 8555 §6.5");
        assertThat(v.time()).isEqualTo(r.arrived);
        assertThat(v.method()).isEqualTo("POST");
        assertThat(v.path()).isEqualTo("/acme/order/1");
        assertThat(v.clientAddress())
                .as("an account's violations need no address")
                .isNull();
    }

    @Test
    void anonymousViolationsKeepTheClientAddress() {
        Req r = poll(ORDER);
        r.client = ClientRef.ANONYMOUS;
        r.requester = null;
        r.noted.add(new Observation.Noted(Rule.JWS_MALFORMED, null, "not JSON"));
        r.send();

        assertThat(conformance.report("anonymous").violations())
                .singleElement()
                .satisfies(v -> assertThat(v.clientAddress()).isEqualTo("192.0.2.7"));
    }

    @Test
    void pollingBeforeTheRetryAfterRanOutIsAViolation() {
        Req first = poll(ORDER);
        first.retryAfter = Duration.ofSeconds(3);
        first.send();
        clock.advance(Duration.ofSeconds(1));
        poll(ORDER).send();

        assertThat(alice().violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(Rule.RETRY_AFTER_IGNORED);
            assertThat(v.detail()).contains("2000 ms before the Retry-After of 3 s");
        });
    }

    @Test
    void theRetryAfterIsCountedFromTheWholeSecondOfTheDateHeader() {
        clock.advance(Duration.ofMillis(700));
        Req first = poll(ORDER);
        first.retryAfter = Duration.ofSeconds(1);
        first.send();
        clock.advance(Duration.ofMillis(300));
        poll(ORDER).send();
        assertThat(alice().clean())
                .as("Date said 00:00:00 and Retry-After 1: 00:00:01 is not too soon")
                .isTrue();

        Req second = poll(ORDER);
        second.retryAfter = Duration.ofSeconds(1);
        second.send();
        clock.advance(Duration.ofMillis(999));
        poll(ORDER).send();
        assertThat(alice().count(Rule.RETRY_AFTER_IGNORED)).isEqualTo(1);
    }

    @Test
    void pollingAfterTheRetryAfterRanOutIsFine() {
        Req first = poll(ORDER);
        first.retryAfter = Duration.ofSeconds(3);
        first.send();
        clock.advance(Duration.ofSeconds(3));
        poll(ORDER).send();

        assertThat(alice().clean()).isTrue();
    }

    @Test
    void aRequestAlreadyInFlightWhenTheRetryAfterWasGivenIsNotAViolation() {
        Instant sentEarlier = clock.instant();
        clock.advance(Duration.ofMillis(10));
        Req answered = poll(ORDER);
        answered.retryAfter = Duration.ofSeconds(3);
        answered.send();
        Req inFlight = poll(ORDER);
        inFlight.arrived = sentEarlier;
        inFlight.send();

        assertThat(alice().clean()).isTrue();
    }

    @Test
    void aRetryAfterAppliesOnlyToTheNextRequestForTheSameUrlFromTheSameRequester() {
        Req first = poll(ORDER);
        first.retryAfter = Duration.ofSeconds(3);
        first.send();
        poll("https://ca/acme/authz/1").send();
        Req other = poll(ORDER);
        other.requester = "kid:" + PREFIX + "bob";
        other.send();
        poll(ORDER).send();
        poll(ORDER).send();

        assertThat(alice().count(Rule.RETRY_AFTER_IGNORED))
                .as("only the first early poll of the order by alice")
                .isEqualTo(1);
    }

    @Test
    void theRetryAfterOfAProcessingFinalizeAppliesToTheOrderItNamesInLocation() {
        Req finalize = poll(FINALIZE);
        finalize.retryAfter = Duration.ofSeconds(1);
        finalize.location = ORDER;
        finalize.send();
        clock.advance(Duration.ofMillis(200));
        poll(ORDER).send();

        assertThat(alice().count(Rule.RETRY_AFTER_IGNORED)).isEqualTo(1);
    }

    @Test
    void aBadNonceRetriedAtTheSameUrlOwesNothing() {
        Req rejected = poll(ORDER);
        rejected.badNonce = true;
        rejected.send();
        poll("https://ca/acme/authz/1").send();
        assertThat(alice().awaitingRetry())
                .singleElement()
                .satisfies(a -> assertThat(a.url()).isEqualTo(ORDER));
        assertThat(alice().clean()).as("a retry still owed is not clean").isFalse();

        poll(ORDER).send();

        assertThat(alice().awaitingRetry()).isEmpty();
        assertThat(alice().clean()).isTrue();
    }

    @Test
    void aBadNonceNotRetriedWithinTheWindowBecomesAViolation() {
        Req rejected = poll(ORDER);
        rejected.badNonce = true;
        rejected.send();
        Instant answeredAt = clock.instant();
        clock.advance(ClientConformance.RETRY_WINDOW.minusMillis(1));
        assertThat(alice().total()).isZero();

        clock.advance(Duration.ofMillis(1));

        ConformanceReport report = alice();
        assertThat(report.awaitingRetry()).isEmpty();
        assertThat(report.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(Rule.BAD_NONCE_NOT_RETRIED);
            assertThat(v.time()).isEqualTo(answeredAt);
            assertThat(v.detail()).contains(ORDER);
        });
        poll(ORDER).send();
        assertThat(alice().count(Rule.BAD_NONCE_NOT_RETRIED))
                .as("a late retry does not undo it")
                .isEqualTo(1);
    }

    @Test
    void aBadNonceOnANewKeyIsMatchedWithItsRetryByTheKey() {
        Req rejected = poll("https://ca/acme/new-account");
        rejected.client = ClientRef.ANONYMOUS;
        rejected.requester = "jwk:thumbprint";
        rejected.badNonce = true;
        rejected.send();
        Req retry = poll("https://ca/acme/new-account");
        retry.requester = "jwk:thumbprint";
        retry.send();

        clock.advance(ClientConformance.RETRY_WINDOW);
        assertThat(conformance.reports()).isEmpty();
    }

    @Test
    void aLinkOnlyUrlNeverOfferedToTheRequesterIsAViolation() {
        String alternate = "https://ca/acme/cert/abc/alt/1";
        Req guessed = poll(alternate);
        guessed.linkOnly = true;
        guessed.send();

        assertThat(alice().violations())
                .singleElement()
                .satisfies(v -> assertThat(v.rule()).isEqualTo(Rule.URL_NOT_PROVIDED));
    }

    @Test
    void aLinkOnlyUrlOfferedToTheRequesterIsFine() {
        String alternate = "https://ca/acme/cert/abc/alt/1";
        Req download = poll("https://ca/acme/cert/abc");
        download.links = List.of(alternate);
        download.send();
        Req followed = poll(alternate);
        followed.linkOnly = true;
        followed.send();
        Req byAnother = poll(alternate);
        byAnother.linkOnly = true;
        byAnother.requester = "kid:" + PREFIX + "bob";
        byAnother.client = ClientRef.account("bob", PREFIX + "bob");
        byAnother.send();

        assertThat(alice().clean()).isTrue();
        assertThat(conformance.report("bob").count(Rule.URL_NOT_PROVIDED)).isEqualTo(1);
    }

    @Test
    void reportsAreNamedByAccountUrlIdOrAnonymous() {
        assertThat(conformance.report(PREFIX + "alice").client()).isEqualTo(ALICE);
        assertThat(conformance.report("alice").client()).isEqualTo(ALICE);
        assertThat(conformance.report("anonymous").client().isAnonymous()).isTrue();
        assertThat(conformance.client("carol")).isEmpty();
        assertThat(conformance.client(PREFIX + "alice/orders")).isEmpty();
        assertThat(conformance.client("https://elsewhere/acct/alice")).isEmpty();
        assertThatThrownBy(() -> conformance.report("carol")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void clearingAClientForgetsItsViolationsAndOwedRetries() {
        Req rejected = poll(ORDER);
        rejected.badNonce = true;
        rejected.noted.add(new Observation.Noted(Rule.NONCE_REUSED, null, "reused"));
        rejected.send();
        assertThat(conformance.reports()).hasSize(1);

        assertThat(conformance.clear("carol")).isFalse();
        assertThat(conformance.clear(PREFIX + "alice")).isTrue();

        assertThat(alice().clean()).isTrue();
        clock.advance(ClientConformance.RETRY_WINDOW);
        assertThat(alice().clean()).as("the owed retry was cleared too").isTrue();
    }

    @Test
    void aClientOwingOnlyARetryIsListed() {
        Req rejected = poll(ORDER);
        rejected.badNonce = true;
        rejected.send();

        assertThat(conformance.reports()).singleElement().satisfies(r -> {
            assertThat(r.client()).isEqualTo(ALICE);
            assertThat(r.awaitingRetry()).hasSize(1);
            assertThat(r.clean()).isFalse();
        });
    }
}
