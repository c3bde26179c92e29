package dev.cairn.authority;

import dev.cairn.issuance.CertificateIssuer;
import dev.cairn.policy.IdentifierPolicy;
import dev.cairn.storage.Storage;
import dev.cairn.validation.ValidationService;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * The ACME state machine, split by resource. {@code web} talks only to these; they talk to
 * storage, policy, validation and issuance. No HTTP and no SQL here.
 */
public record Authority(
        AccountService accounts,
        OrderService orders,
        ChallengeService challenges,
        RevocationService revocations,
        RenewalService renewals) {

    /**
     * What start-up recovery did (issue 3: work in flight survives a restart, never stuck), and
     * how many single-use EAB key ids stored accounts hold (spent across restarts).
     */
    public record Recovery(int failedOrders, int resumedValidations, int spentEabKeyIds) {}

    public Recovery recover() {
        return new Recovery(
                orders.failInterruptedIssuance(),
                challenges.resumeInterruptedValidations(),
                accounts.restoreEabClaims());
    }

    public static Authority create(
            Storage storage,
            AuthorityPolicy policy,
            IdentifierPolicy identifierPolicy,
            CertificateIssuer issuer,
            ValidationService validation,
            Executor issuanceExecutor,
            Clock clock,
            SecureRandom random,
            ExternalAccountBinding eab) {
        return create(
                storage,
                policy,
                identifierPolicy,
                issuer,
                validation,
                issuanceExecutor,
                clock,
                random,
                eab,
                AuthorizationReuse.always());
    }

    public static Authority create(
            Storage storage,
            AuthorityPolicy policy,
            IdentifierPolicy identifierPolicy,
            CertificateIssuer issuer,
            ValidationService validation,
            Executor issuanceExecutor,
            Clock clock,
            SecureRandom random,
            ExternalAccountBinding eab,
            AuthorizationReuse reuse) {
        Ids ids = new Ids(random, clock);
        RenewalService renewals = new RenewalService(storage, clock);
        return new Authority(
                new AccountService(storage, policy, eab, clock, ids),
                new OrderService(
                        storage, policy, identifierPolicy, issuer, renewals, issuanceExecutor, clock, ids, reuse),
                new ChallengeService(storage, policy, validation, clock),
                new RevocationService(storage, clock),
                renewals);
    }
}
