package dev.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryConformanceRecorderTest {
    private static final ClientRef ALICE = ClientRef.account("alice", "https://ca/acme/acct/alice");
    private static final ClientRef BOB = ClientRef.account("bob", "https://ca/acme/acct/bob");

    private static Violation violation(Rule rule, int n) {
        return new Violation(rule, rule.section(), "mistake " + n, "POST", "/acme/new-order", Instant.EPOCH, null);
    }

    @Test
    void aClientWithNothingRecordedHasAnEmptyCleanReport() {
        ConformanceReport report = new InMemoryConformanceRecorder().report(ALICE);

        assertThat(report.clean()).isTrue();
        assertThat(report.violations()).isEmpty();
        assertThat(report.total()).isZero();
        assertThat(report.client()).isEqualTo(ALICE);
    }

    @Test
    void recordedViolationsAreListedOldestFirstAndCountedPerRule() {
        InMemoryConformanceRecorder recorder = new InMemoryConformanceRecorder();
        recorder.record(ALICE, violation(Rule.NONCE_REUSED, 1));
        recorder.record(ALICE, violation(Rule.URL_MISMATCH, 2));
        recorder.record(ALICE, violation(Rule.NONCE_REUSED, 3));

        ConformanceReport report = recorder.report(ALICE);

        assertThat(report.clean()).isFalse();
        assertThat(report.violations())
                .extracting(Violation::detail)
                .containsExactly("mistake 1", "mistake 2", "mistake 3");
        assertThat(report.count(Rule.NONCE_REUSED)).isEqualTo(2);
        assertThat(report.count(Rule.URL_MISMATCH)).isEqualTo(1);
        assertThat(report.total()).isEqualTo(3);
        assertThat(recorder.report(BOB).clean()).isTrue();
    }

    @Test
    void onlyTheLastViolationsOfAClientAreKeptButAllAreCounted() {
        InMemoryConformanceRecorder recorder = new InMemoryConformanceRecorder(10, 3);
        for (int i = 1; i <= 5; i++) {
            recorder.record(ALICE, violation(Rule.CONTENT_TYPE, i));
        }

        ConformanceReport report = recorder.report(ALICE);

        assertThat(report.violations())
                .extracting(Violation::detail)
                .containsExactly("mistake 3", "mistake 4", "mistake 5");
        assertThat(report.dropped()).isEqualTo(2);
        assertThat(report.count(Rule.CONTENT_TYPE)).isEqualTo(5);
    }

    @Test
    void theClientThatOffendedLongestAgoIsForgottenFirstWhenTooManyAreTracked() {
        InMemoryConformanceRecorder recorder = new InMemoryConformanceRecorder(2, 10);
        ClientRef carol = ClientRef.account("carol", "https://ca/acme/acct/carol");
        recorder.record(ALICE, violation(Rule.CONTENT_TYPE, 1));
        recorder.record(BOB, violation(Rule.CONTENT_TYPE, 2));
        recorder.record(ALICE, violation(Rule.CONTENT_TYPE, 3));
        recorder.record(carol, violation(Rule.CONTENT_TYPE, 4));

        assertThat(recorder.reports()).extracting(ConformanceReport::client).containsExactly(carol, ALICE);
        assertThat(recorder.report(BOB).clean()).isTrue();
    }

    @Test
    void clearingOneClientLeavesTheOthers() {
        InMemoryConformanceRecorder recorder = new InMemoryConformanceRecorder();
        recorder.record(ALICE, violation(Rule.CONTENT_TYPE, 1));
        recorder.record(BOB, violation(Rule.CONTENT_TYPE, 2));

        recorder.clear(ALICE);

        assertThat(recorder.report(ALICE).clean()).isTrue();
        assertThat(recorder.report(BOB).total()).isEqualTo(1);
        recorder.clearAll();
        assertThat(recorder.reports()).isEmpty();
    }

    @Test
    void longDetailsAreCutToKeepMemoryBounded() {
        Violation v =
                new Violation(Rule.JWS_MALFORMED, "RFC 8555 §6.2", "x".repeat(5000), "POST", "/", Instant.EPOCH, null);

        assertThat(v.detail()).hasSizeLessThanOrEqualTo(Violation.MAX_DETAIL + 1);
    }

    @Test
    void everyRuleHasADistinctIdAndCitesAnRfcSection() {
        assertThat(Rule.values()).extracting(Rule::id).doesNotHaveDuplicates();
        assertThat(Rule.values()).allSatisfy(rule -> {
            assertThat(rule.id()).matches("[a-z]+(-[a-z]+)*");
            assertThat(rule.section()).startsWith("RFC ");
            assertThat(rule.summary()).isNotBlank();
        });
    }
}
