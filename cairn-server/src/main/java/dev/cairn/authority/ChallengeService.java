package dev.cairn.authority;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.AuthorizationStatus;
import dev.cairn.protocol.ChallengeStatus;
import dev.cairn.storage.Storage;
import dev.cairn.validation.ValidationOutcome;
import dev.cairn.validation.ValidationRequest;
import dev.cairn.validation.ValidationService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Authorizations and their challenges (RFC 8555 §7.5): reading, deactivation, and
 * responding to a challenge.
 *
 * <p>A response moves the challenge from pending to processing with one compare-and-set, so
 * two racing responses start one validation. The validator runs off the request thread and
 * returns an outcome; only this class writes it back (the validator never touches storage).
 */
public final class ChallengeService {
    private final Storage storage;
    private final AuthorityPolicy policy;
    private final ValidationService validation;
    private final Clock clock;

    ChallengeService(Storage storage, AuthorityPolicy policy, ValidationService validation, Clock clock) {
        this.storage = storage;
        this.policy = policy;
        this.validation = validation;
        this.clock = clock;
    }

    /** The id of the account that owns authorization {@code authzId}, for reports about unsigned requests. */
    public Optional<String> authorizationOwner(String authzId) {
        return storage.authorizationById(authzId).map(Authorization::accountId);
    }

    public AuthorizationView authorization(Account account, String authzId) {
        Authorization authz = load(authzId);
        AccountService.requireOwner(account, authz.accountId(), "authorization " + authzId);
        return new AuthorizationView(authz, authz.effectiveStatus(clock.instant()));
    }

    /** RFC 8555 §7.5.2: only a pending or valid authorization can be deactivated (§7.1.6 diagram). */
    public AuthorizationView deactivate(Account account, String authzId) {
        while (true) {
            AuthorizationView view = authorization(account, authzId);
            AuthorizationStatus status = view.status();
            if (status != AuthorizationStatus.PENDING && status != AuthorizationStatus.VALID) {
                throw AcmeProblem.malformed("Authorization " + authzId + " is " + status.wire()
                        + "; only pending or valid authorizations can be deactivated");
            }
            Authorization next = view.authorization()
                    .withStatus(
                            AuthorizationStatus.DEACTIVATED,
                            view.authorization().expires());
            Optional<Authorization> stored = storage.updateAuthorization(next);
            if (stored.isPresent()) {
                return new AuthorizationView(stored.get(), AuthorizationStatus.DEACTIVATED);
            }
        }
    }

    /**
     * RFC 8555 §7.5.1. Responding again to a challenge that is already processing or valid
     * answers with its current state rather than an error, so a client that retries after a
     * lost response is not punished.
     */
    public ChallengeResult respond(Account account, String authzId, String challengeId) {
        return respond(account, authzId, challengeId, policy.validationWait());
    }

    /**
     * {@link #respond(Account, String, String)}, waiting up to {@code wait} for a validation it
     * starts (legal-variation mode answers at once, or waits until the validation is done).
     */
    public ChallengeResult respond(Account account, String authzId, String challengeId, Duration wait) {
        while (true) {
            AuthorizationView view = authorization(account, authzId);
            Authorization authz = view.authorization();
            Challenge challenge = authz.challenge(challengeId)
                    .orElseThrow(() ->
                            AcmeProblem.notFound("Authorization " + authzId + " has no challenge " + challengeId));
            if (challenge.status() != ChallengeStatus.PENDING) {
                return new ChallengeResult(authz, challenge);
            }
            if (view.status() != AuthorizationStatus.PENDING) {
                throw AcmeProblem.malformed("Authorization " + authzId + " is "
                        + view.status().wire() + "; its challenges can no longer be answered. Create a new order");
            }
            Optional<Authorization> stored = storage.updateAuthorization(authz.withChallenge(challenge.processing()));
            if (stored.isPresent()) {
                Challenge started = stored.get().challenge(challengeId).orElseThrow();
                awaitBriefly(startValidation(stored.get(), started), wait);
                Authorization now = load(authzId);
                return new ChallengeResult(now, now.challenge(challengeId).orElseThrow());
            }
        }
    }

    public ChallengeResult challenge(Account account, String authzId, String challengeId) {
        Authorization authz = authorization(account, authzId).authorization();
        Challenge challenge = authz.challenge(challengeId)
                .orElseThrow(
                        () -> AcmeProblem.notFound("Authorization " + authzId + " has no challenge " + challengeId));
        return new ChallengeResult(authz, challenge);
    }

    /**
     * Start-up recovery: validations that were in flight when Cairn stopped are started again
     * (a validation has no side effects, so running it twice is harmless; {@link #record} only
     * writes an outcome to a challenge that is still processing).
     */
    public int resumeInterruptedValidations() {
        int resumed = 0;
        for (Authorization authz : storage.authorizationsWithProcessingChallenges()) {
            for (Challenge challenge : authz.challenges()) {
                if (challenge.status() == ChallengeStatus.PROCESSING) {
                    startValidation(authz, challenge);
                    resumed++;
                }
            }
        }
        return resumed;
    }

    private CompletableFuture<Void> startValidation(Authorization authz, Challenge challenge) {
        // RFC 8555 §8.1: the key authorization uses the account key current at validation time.
        Account owner = storage.accountById(authz.accountId()).orElseThrow();
        String keyAuthorization = challenge.token() + "." + owner.key().thumbprint();
        return validation
                .validate(new ValidationRequest(
                        authz.identifier(), challenge.type(), challenge.token(), keyAuthorization))
                .thenAccept(outcome -> record(authz.id(), challenge.id(), outcome));
    }

    /** Most validations take milliseconds: wait that long rather than send the client away. */
    private static void awaitBriefly(CompletableFuture<Void> validated, Duration wait) {
        try {
            validated.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
            // answered "processing" with Retry-After; the client polls (RFC 8555 §7.5.1)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // record() stores the outcome; nothing else to do here
        }
    }

    /** Writes a validation outcome: challenge, then authorization (RFC 8555 §7.1.6). */
    void record(String authzId, String challengeId, ValidationOutcome outcome) {
        while (true) {
            Authorization authz = load(authzId);
            Optional<Challenge> challenge = authz.challenge(challengeId);
            if (challenge.isEmpty() || challenge.get().status() != ChallengeStatus.PROCESSING) {
                return;
            }
            Instant now = clock.instant();
            Authorization next;
            if (outcome.valid()) {
                next = authz.withChallenge(challenge.get().valid(now))
                        .withStatus(AuthorizationStatus.VALID, now.plus(policy.validAuthorizationLifetime()));
            } else {
                next = authz.withChallenge(challenge.get().invalid(outcome.problem()))
                        .withStatus(AuthorizationStatus.INVALID, authz.expires());
            }
            if (authz.status() != AuthorizationStatus.PENDING) {
                next = authz.withChallenge(
                        outcome.valid()
                                ? challenge.get().valid(now)
                                : challenge.get().invalid(outcome.problem()));
            }
            if (storage.updateAuthorization(next).isPresent()) {
                return;
            }
        }
    }

    private Authorization load(String authzId) {
        return storage.authorizationById(authzId)
                .orElseThrow(() -> AcmeProblem.notFound("No authorization " + authzId + " exists on this server"));
    }

    /** A challenge with the authorization it belongs to (for the {@code Link rel="up"}). */
    public record ChallengeResult(Authorization authorization, Challenge challenge) {}
}
