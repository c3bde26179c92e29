package dev.cairn.validation;

import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.ProblemType;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a real validator with test mode's knobs, in this order: wait the {@link
 * ValidationDelay} (on the VA thread, so the challenge is seen {@code processing} meanwhile);
 * fail {@code flakyPercent} of attempts with a {@code connection} problem (flapping
 * validation, logged at INFO); succeed without any network check when {@code alwaysValid}
 * (Pebble's {@code PEBBLE_VA_ALWAYS_VALID}); otherwise validate for real.
 */
public final class TestModeValidator implements ChallengeValidator {
    private static final Logger LOG = LoggerFactory.getLogger(TestModeValidator.class);

    private final ChallengeValidator delegate;
    private final ValidationDelay delay;
    private final int flakyPercent;
    private final boolean alwaysValid;
    private final Random random;

    public TestModeValidator(
            ChallengeValidator delegate, ValidationDelay delay, int flakyPercent, boolean alwaysValid, Random random) {
        if (flakyPercent < 0 || flakyPercent > 100) {
            throw new IllegalArgumentException("flaky validation percentage must be 0 to 100, not " + flakyPercent);
        }
        this.delegate = delegate;
        this.delay = delay;
        this.flakyPercent = flakyPercent;
        this.alwaysValid = alwaysValid;
        this.random = random;
    }

    @Override
    public ChallengeType type() {
        return delegate.type();
    }

    @Override
    public ValidationOutcome validate(ValidationRequest request) {
        long wait = delay.pick(random);
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (flakyPercent > 0 && random.nextInt(100) < flakyPercent) {
            LOG.info(
                    "injected flaky validation failure: {} for {}",
                    type().wire(),
                    request.identifier().value());
            return ValidationOutcome.failure(
                    ProblemType.CONNECTION,
                    "Cairn test mode failed this "
                            + type().wire() + " validation of "
                            + request.identifier().value()
                            + " on purpose (--flaky-validation " + flakyPercent + "); create a new order and retry");
        }
        return alwaysValid ? ValidationOutcome.success() : delegate.validate(request);
    }
}
