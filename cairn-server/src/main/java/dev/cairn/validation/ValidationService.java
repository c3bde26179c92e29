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
 */
public final class ValidationService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationService.class);
    public static final int DEFAULT_THREADS = 16;
    public static final int DEFAULT_QUEUE = 1024;

    private final Map<ChallengeType, ChallengeValidator> validators = new EnumMap<>(ChallengeType.class);
    private final ThreadPoolExecutor executor;

    public ValidationService(ValidationConfig config) {
        this(standardValidators(config), DEFAULT_THREADS, DEFAULT_QUEUE);
    }

    /** For wiring other validators (tests, a multi-perspective VA later). */
    public ValidationService(List<ChallengeValidator> validators, int threads, int queueCapacity) {
        for (ChallengeValidator v : validators) {
            if (this.validators.put(v.type(), v) != null) {
                throw new IllegalArgumentException(
                        "two validators for " + v.type().wire());
            }
        }
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
        ChallengeValidator validator = validators.get(request.type());
        if (validator == null) {
            return CompletableFuture.completedFuture(ValidationOutcome.failure(
                    ProblemType.MALFORMED,
                    "this server does not validate " + request.type().wire() + " challenges"));
        }
        Job job = new Job(validator, request);
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
        for (ChallengeValidator v : new ArrayList<>(validators.values())) {
            if (v instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing the {} validator failed", v.type().wire(), e);
                }
            }
        }
    }

    private final class Job implements Runnable {
        final CompletableFuture<ValidationOutcome> result = new CompletableFuture<>();
        private final ChallengeValidator validator;
        private final ValidationRequest request;

        Job(ChallengeValidator validator, ValidationRequest request) {
            this.validator = validator;
            this.request = request;
        }

        @Override
        public void run() {
            try {
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
