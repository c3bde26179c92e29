package dev.cairn.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.challtestsrv.MockDnsServer;
import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.ProblemType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ValidationServiceTest {
    private static final ValidationRequest HTTP =
            new ValidationRequest(Identifier.dns("a.test"), ChallengeType.HTTP_01, "t", "t.k");

    @BeforeAll
    static void quiet() {
        QuietLogs.apply();
    }

    private static ChallengeValidator fake(Function<ValidationRequest, ValidationOutcome> body) {
        return new ChallengeValidator() {
            @Override
            public ChallengeType type() {
                return ChallengeType.HTTP_01;
            }

            @Override
            public ValidationOutcome validate(ValidationRequest request) {
                return body.apply(request);
            }
        };
    }

    @Test
    void validationRunsOnAVaThreadNotTheCallers() throws Exception {
        CompletableFuture<String> thread = new CompletableFuture<>();
        try (ValidationService va = new ValidationService(
                List.of(fake(r -> {
                    thread.complete(Thread.currentThread().getName());
                    return ValidationOutcome.success();
                })),
                2,
                4)) {
            assertThat(va.validate(HTTP).get(5, TimeUnit.SECONDS).valid()).isTrue();
            assertThat(thread.get())
                    .startsWith("cairn-va-")
                    .isNotEqualTo(Thread.currentThread().getName());
        }
    }

    @Test
    void exceptionInAValidatorBecomesServerInternalWithoutItsMessage() throws Exception {
        try (ValidationService va = new ValidationService(
                List.of(fake(r -> {
                    throw new IllegalStateException("secret internal detail");
                })),
                1,
                1)) {
            ValidationOutcome outcome = va.validate(HTTP).get(5, TimeUnit.SECONDS);
            assertThat(outcome.problem().type()).isEqualTo(ProblemType.SERVER_INTERNAL);
            assertThat(outcome.problem().detail()).contains("internal error").doesNotContain("secret");
        }
    }

    @Test
    void fullQueueAnswersOverloadedAtOnceInsteadOfBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        try (ValidationService va = new ValidationService(
                List.of(fake(r -> {
                    running.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return ValidationOutcome.success();
                })),
                1,
                1)) {
            CompletableFuture<ValidationOutcome> first = va.validate(HTTP);
            running.await(5, TimeUnit.SECONDS);
            CompletableFuture<ValidationOutcome> queued = va.validate(HTTP);
            CompletableFuture<ValidationOutcome> refused = va.validate(HTTP);

            assertThat(refused).isDone();
            assertThat(refused.get().problem().type()).isEqualTo(ProblemType.SERVER_INTERNAL);
            assertThat(refused.get().problem().detail()).contains("overloaded");
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS).valid()).isTrue();
            assertThat(queued.get(5, TimeUnit.SECONDS).valid()).isTrue();
        }
    }

    @Test
    void closingCompletesRequestsStillQueued() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        ValidationService va = new ValidationService(
                List.of(fake(r -> {
                    running.countDown();
                    try {
                        new CountDownLatch(1).await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return ValidationOutcome.failure(ProblemType.CONNECTION, "interrupted");
                })),
                1,
                4);
        CompletableFuture<ValidationOutcome> first = va.validate(HTTP);
        running.await(5, TimeUnit.SECONDS);
        CompletableFuture<ValidationOutcome> queued = va.validate(HTTP);
        va.close();
        assertThat(queued.get(5, TimeUnit.SECONDS).problem().detail()).contains("shutting down");
        assertThat(first.get(5, TimeUnit.SECONDS).valid()).isFalse();
    }

    @Test
    void challengeTypeWithoutAValidatorFailsAtOnce() throws Exception {
        try (ValidationService va = new ValidationService(List.of(fake(r -> ValidationOutcome.success())), 1, 1)) {
            ValidationOutcome outcome = va.validate(
                            new ValidationRequest(Identifier.dns("a.test"), ChallengeType.DNS_01, "t", "t.k"))
                    .get(1, TimeUnit.SECONDS);
            assertThat(outcome.valid()).isFalse();
        }
    }

    @Test
    void standardServiceValidatesDns01AgainstTheConfiguredResolver() throws Exception {
        try (MockDnsServer dns =
                new MockDnsServer().start(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            dns.setTxt("_acme-challenge.a.test", Dns01Validator.digest("t.k"));
            ValidationConfig config =
                    ValidationConfig.defaults().withDnsResolver(dns.address()).withTimeout(Duration.ofSeconds(2));
            try (ValidationService va = new ValidationService(config)) {
                ValidationRequest request =
                        new ValidationRequest(Identifier.dns("a.test"), ChallengeType.DNS_01, "t", "t.k");
                // The bound includes making the validators, which happens on the first validation.
                assertThat(va.validate(request).get(30, TimeUnit.SECONDS).valid())
                        .isTrue();
            }
        }
    }

    @Test
    void validatorsAreMadeOnTheFirstValidationAndOnlyOnce() throws Exception {
        AtomicInteger made = new AtomicInteger();
        try (ValidationService va = new ValidationService(
                () -> {
                    made.incrementAndGet();
                    return List.of(fake(r -> ValidationOutcome.success()));
                },
                2,
                4)) {
            assertThat(made).hasValue(0);
            assertThat(va.validate(HTTP).get(5, TimeUnit.SECONDS).valid()).isTrue();
            assertThat(va.validate(HTTP).get(5, TimeUnit.SECONDS).valid()).isTrue();
            assertThat(made).hasValue(1);
        }
    }

    @Test
    void aServiceClosedBeforeAnyValidationNeverMakesItsValidators() {
        AtomicInteger made = new AtomicInteger();
        ValidationService va = new ValidationService(
                () -> {
                    made.incrementAndGet();
                    return List.of(fake(r -> ValidationOutcome.success()));
                },
                1,
                1);
        va.close();
        assertThat(made).hasValue(0);
    }

    @Test
    void challengeTypeWithoutAValidatorIsMalformedOnceTheValidatorsAreMade() throws Exception {
        try (ValidationService va =
                new ValidationService(() -> List.of(fake(r -> ValidationOutcome.success())), 1, 2)) {
            ValidationRequest dns = new ValidationRequest(Identifier.dns("a.test"), ChallengeType.DNS_01, "t", "t.k");
            ValidationOutcome first = va.validate(dns).get(5, TimeUnit.SECONDS);
            ValidationOutcome second = va.validate(dns).get(5, TimeUnit.SECONDS);
            assertThat(first.problem().type()).isEqualTo(ProblemType.MALFORMED);
            assertThat(second.problem().type()).isEqualTo(ProblemType.MALFORMED);
        }
    }

    @Test
    void validatorsThatCouldNotBeMadeAreServerInternalAndTriedAgainNextTime() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (ValidationService va = new ValidationService(
                () -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("secret internal detail");
                    }
                    return List.of(fake(r -> ValidationOutcome.success()));
                },
                1,
                2)) {
            ValidationOutcome failed = va.validate(HTTP).get(5, TimeUnit.SECONDS);
            assertThat(failed.problem().type()).isEqualTo(ProblemType.SERVER_INTERNAL);
            assertThat(failed.problem().detail()).doesNotContain("secret");
            assertThat(va.validate(HTTP).get(5, TimeUnit.SECONDS).valid()).isTrue();
        }
    }
}
