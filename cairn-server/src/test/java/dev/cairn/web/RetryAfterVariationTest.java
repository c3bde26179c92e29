package dev.cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.LoopbackCa;
import dev.cairn.variation.Variations.RetryAfter;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --vary retry-after}: a processing answer carries no Retry-After, delay-seconds, or an
 * HTTP-date (RFC 9110 §10.2.3; RFC 8555 §7.4 and §7.5.1 make it a MAY).
 */
class RetryAfterVariationTest {
    static final String IMF_FIXDATE = "[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT";

    /** The Retry-After of a finalize response that answers processing. */
    static Optional<String> retryAfterOfProcessingFinalize(LoopbackCa ca) throws Exception {
        AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
        HttpResponse<String> finalized =
                SyncVariationTest.order(flow, flow.account(), "retry.test").finalized();
        assertThat(RawAcme.json(finalized).get("status").asText()).isEqualTo("processing");
        return finalized.headers().firstValue("Retry-After");
    }

    @ParameterizedTest
    @EnumSource(RetryAfter.Form.class)
    void aProcessingAnswerCarriesTheSeedsRetryAfter(RetryAfter.Form form) throws Exception {
        String vary = "retry-after,sync";
        long seed = Varied.seed(
                vary, "run", v -> !v.syncFinalization() && v.retryAfter().form() == form);
        int seconds = Varied.variations(vary, "run", seed).retryAfter().seconds();
        Instant started = Instant.now();
        try (LoopbackCa ca = Varied.start(vary, "run", seed)) {
            Optional<String> retryAfter = retryAfterOfProcessingFinalize(ca);
            switch (form) {
                case ABSENT -> assertThat(retryAfter).isEmpty();
                case SECONDS -> assertThat(retryAfter).contains(Integer.toString(seconds));
                case HTTP_DATE -> {
                    assertThat(retryAfter).hasValueSatisfying(v -> assertThat(v).matches(IMF_FIXDATE));
                    Instant at = ZonedDateTime.parse(retryAfter.get(), DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant();
                    assertThat(at).isAfter(started.plusSeconds(seconds));
                }
            }
        }
    }

    @Test
    void perResponseEveryFormTurnsUp() throws Exception {
        try (LoopbackCa ca = Varied.start("retry-after", "request", 2, k -> k.slowFinalize(30), b -> b)) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            String orderUrl = SyncVariationTest.order(flow, a, "each.test").orderUrl();
            Set<String> forms = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> poll = flow.post(orderUrl, a, "");
                assertThat(RawAcme.json(poll).get("status").asText()).isEqualTo("processing");
                forms.add(poll.headers()
                        .firstValue("Retry-After")
                        .map(v -> v.matches("\\d+") ? "seconds" : v.matches(IMF_FIXDATE) ? "date" : "bad: " + v)
                        .orElse("absent"));
            }
            assertThat(forms).containsExactlyInAnyOrder("absent", "seconds", "date");
        }
    }
}
