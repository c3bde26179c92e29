package dev.cairn.validation;

import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.ProblemType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validation authority as the rest of Cairn sees it: hand it a {@link ValidationRequest},
 * get a future {@link ValidationOutcome}. It never writes state; the authority persists the
 * outcome.
 *
 * <p>Design note. Validations run on a bounded pool of daemon threads ({@code cairn-va-N})
 * fed by a bounded queue, so a burst of challenge POSTs can neither exhaust threads nor
 * block a request thread: when the queue is full the future completes at once with a
 * {@code serverInternal} outcome saying the VA is overloaded. A validator that throws (a bug,
 * never something the applicant did) gives {@code serverInternal} with a generic detail; the
 * exception is logged once here and its message never reaches the applicant. Every future
 * completes, even for requests still queued at {@link #close()}.
 *
 * <p>The standard validators (an HTTP client with its own TLS context and thread pool, a DNS
 * resolver that reads the system's configuration) are made on the first validation, on a VA
 * thread, not at construction: a server that answers its directory before it has validated
 * anything starts faster (docs/performance.md, "Start-up").
 */
public final class ValidationService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationService.class);
    public static final int DEFAULT_THREADS = 16;
    public static final int DEFAULT_QUEUE = 1024;

    private final Supplier<List<ChallengeValidator>> factory;
    private final ThreadPoolExecutor executor;
    /** Null until the first validation made them; guarded by {@code this}, read without the lock. */
    private volatile Map<ChallengeType, ChallengeValidator> validators;

    private boolean closed;

    /** The standard validators, made on the first validation. */
    public ValidationService(ValidationConfig config) {
        this(() -> standardValidators(config), DEFAULT_THREADS, DEFAULT_QUEUE);
    }

    /** For wiring other validators (tests, a multi-perspective VA later); two of one type are refused here. */
    public ValidationService(List<ChallengeValidator> validators, int threads, int queueCapacity) {
        this(() -> validators, threads, queueCapacity);
        validators();
    }

    /** Validators that {@code factory} makes on the first validation (or again, after it threw). */
    public ValidationService(Supplier<List<ChallengeValidator>> factory, int threads, int queueCapacity) {
        this.factory = factory;
        AtomicInteger counter = new AtomicInteger();
        executor = new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "cairn-va-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    public static List<ChallengeValidator> standardValidators(ValidationConfig config) {
        DnsClient dns = DnsClient.of(config);
        return List.of(new Http01Validator(config, dns), new Dns01Validator(dns), new TlsAlpn01Validator(config, dns));
    }

    /** Runs the validator for {@code request.type()} off the caller's thread. Never blocks, never fails exceptionally. */
    public CompletableFuture<ValidationOutcome> validate(ValidationRequest request) {
        Map<ChallengeType, ChallengeValidator> made = validators;
        if (made != null && !made.containsKey(request.type())) {
            return CompletableFuture.completedFuture(unsupported(request));
        }
        Job job = new Job(request);
        try {
            executor.execute(job);
        } catch (RejectedExecutionException e) {
            job.refuse();
        }
        return job.result;
    }

    @Override
    public void close() {
        for (Runnable queued : executor.shutdownNow()) {
            ((Job) queued).refuse();
        }
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<ChallengeType, ChallengeValidator> made;
        synchronized (this) {
            closed = true;
            made = validators;
        }
        for (ChallengeValidator v : made == null ? List.<ChallengeValidator>of() : new ArrayList<>(made.values())) {
            if (v instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing the {} validator failed", v.type().wire(), e);
                }
            }
        }
    }

    private synchronized Map<ChallengeType, ChallengeValidator> validators() {
        if (closed) {
            throw new IllegalStateException("the validation authority is closed");
        }
        if (validators == null) {
            Map<ChallengeType, ChallengeValidator> made = new EnumMap<>(ChallengeType.class);
            for (ChallengeValidator v : factory.get()) {
                if (made.put(v.type(), v) != null) {
                    throw new IllegalArgumentException(
                            "two validators for " + v.type().wire());
                }
            }
            validators = made;
        }
        return validators;
    }

    private static ValidationOutcome unsupported(ValidationRequest request) {
        return ValidationOutcome.failure(
                ProblemType.MALFORMED,
                "this server does not validate " + request.type().wire() + " challenges");
    }

    private final class Job implements Runnable {
        final CompletableFuture<ValidationOutcome> result = new CompletableFuture<>();
        private final ValidationRequest request;

        Job(ValidationRequest request) {
            this.request = request;
        }

        @Override
        public void run() {
            try {
                ChallengeValidator validator = validators().get(request.type());
                if (validator == null) {
                    result.complete(unsupported(request));
                    return;
                }
                ValidationOutcome outcome = validator.validate(request);
                if (outcome == null) {
                    throw new IllegalStateException(validator.getClass().getName() + " returned no outcome");
                }
                result.complete(outcome);
            } catch (Throwable t) {
                LOG.error(
                        "the {} validation of {} failed unexpectedly",
                        request.type().wire(),
                        request.identifier(),
                        t);
                result.complete(ValidationOutcome.failure(
                        ProblemType.SERVER_INTERNAL,
                        "the " + request.type().wire() + " validation of "
                                + request.identifier().value()
                                + " failed because of an internal error in the validation authority"));
                if (t instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
            }
        }

        void refuse() {
            String why = executor.isShutdown() ? "is shutting down" : "is overloaded";
            result.complete(ValidationOutcome.failure(
                    ProblemType.SERVER_INTERNAL,
                    "the validation authority " + why + "; the "
                            + request.type().wire() + " challenge for "
                            + request.identifier().value() + " was not attempted, try again later"));
        }
    }
}
