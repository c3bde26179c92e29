package dev.cairn.authority;

import dev.cairn.policy.ContactPolicy;
import dev.cairn.protocol.AccountStatus;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import dev.cairn.storage.Storage;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Accounts: creation, lookup, update, deactivation and key change (RFC 8555 §7.3). */
public final class AccountService {
    private final Storage storage;
    private final AuthorityPolicy policy;
    private final ExternalAccountBinding eab;
    private final Clock clock;
    private final Ids ids;

    AccountService(Storage storage, AuthorityPolicy policy, ExternalAccountBinding eab, Clock clock, Ids ids) {
        this.storage = storage;
        this.policy = policy;
        this.eab = eab;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * RFC 8555 §7.3: an existing key answers with its account whatever the payload says (no
     * ToS or EAB checks, catalog ACCT-02); {@code onlyReturnExisting} never creates one. A
     * binding that is present is verified even when EAB is not required (§7.3.4).
     */
    public AccountCreation newAccount(AccountKey key, NewAccountRequest request) {
        Optional<Account> existing = storage.accountByThumbprint(key.thumbprint());
        if (existing.isPresent()) {
            return new AccountCreation(requireValid(existing.get()), false);
        }
        if (request.onlyReturnExisting()) {
            throw AcmeProblem.of(
                    ProblemType.ACCOUNT_DOES_NOT_EXIST,
                    "No account exists for this key (JWK thumbprint " + key.thumbprint()
                            + "); send newAccount without onlyReturnExisting to create one");
        }
        if (policy.termsOfServiceRequired() && !Boolean.TRUE.equals(request.termsOfServiceAgreed())) {
            throw AcmeProblem.of(
                    ProblemType.USER_ACTION_REQUIRED,
                    "You must agree to the terms of service: send \"termsOfServiceAgreed\": true"
                            + " (the terms are linked from the directory's meta.termsOfService)");
        }
        ExternalAccountBinding.Presented binding =
                request.externalAccountBinding().get();
        eab.requirePresent(binding);
        if (binding != null) {
            eab.verify(binding, key.thumbprint());
        }
        List<String> contact = request.contact() == null ? List.of() : ContactPolicy.check(request.contact());
        Account account = new Account(
                ids.id(),
                key,
                contact,
                AccountStatus.VALID,
                Boolean.TRUE.equals(request.termsOfServiceAgreed()),
                clock.instant(),
                binding == null ? null : binding.json(),
                0);
        if (binding == null) {
            return create(account);
        }
        eab.claim(binding, account.id());
        boolean stored = false;
        try {
            AccountCreation created = create(account);
            stored = created.created();
            return created;
        } finally {
            if (!stored) {
                eab.release(binding, account.id());
            }
        }
    }

    /** Start-up: single-use EAB key ids bound by stored accounts stay spent across a restart. */
    int restoreEabClaims() {
        return eab.restoreClaims(storage);
    }

    private AccountCreation create(Account account) {
        try {
            return new AccountCreation(storage.createAccount(account), true);
        } catch (Storage.DuplicateKeyException raced) {
            Account winner = storage.accountById(raced.existingAccountId()).orElseThrow();
            return new AccountCreation(requireValid(winner), false);
        }
    }

    /** The account a {@code kid} names, if it exists at all. */
    public Optional<Account> byId(String id) {
        return storage.accountById(id);
    }

    /** The account whose key has this RFC 7638 thumbprint, if any. */
    public Optional<Account> byThumbprint(String thumbprint) {
        return storage.accountByThumbprint(thumbprint);
    }

    /** RFC 8555 §7.3.6: requests from a deactivated (or revoked) account are unauthorized. */
    public static Account requireValid(Account account) {
        if (!account.isValid()) {
            throw AcmeProblem.unauthorized("Account " + account.id() + " is "
                            + account.status().wire()
                            + "; it can no longer be used. Create a new account with a new key")
                    .withStatus(401);
        }
        return account;
    }

    /**
     * RFC 8555 §7.3.2 and §7.3.6. {@code contact} null leaves the contacts as they are;
     * {@code deactivate} moves the account to deactivated, for good.
     */
    public Account update(Account signer, String targetId, List<String> contact, boolean deactivate) {
        requireOwn(signer, targetId);
        List<String> checked = contact == null ? null : ContactPolicy.check(contact);
        while (true) {
            Account current = storage.accountById(targetId).orElseThrow();
            requireValid(current);
            Account next = current;
            if (checked != null) {
                next = next.withContact(checked);
            }
            if (deactivate) {
                next = next.withStatus(AccountStatus.DEACTIVATED);
            }
            if (next.equals(current)) {
                return current;
            }
            Optional<Account> stored = storage.updateAccount(next);
            if (stored.isPresent()) {
                return stored.get();
            }
        }
    }

    /** RFC 8555 §7.3.5, after {@code web} has checked both signatures and the inner payload. */
    public Account changeKey(Account signer, AccountKey newKey) {
        if (signer.key().thumbprint().equals(newKey.thumbprint())) {
            throw AcmeProblem.malformed(
                    "The new key is the account's current key; generate a different key to roll over to");
        }
        while (true) {
            Account current = storage.accountById(signer.id()).orElseThrow();
            requireValid(current);
            if (!current.key().thumbprint().equals(signer.key().thumbprint())) {
                throw AcmeProblem.unauthorized("The account's key changed while this request was in flight;"
                        + " sign with the account's current key");
            }
            try {
                Optional<Account> stored = storage.updateAccount(current.withKey(newKey));
                if (stored.isPresent()) {
                    return stored.get();
                }
            } catch (Storage.DuplicateKeyException taken) {
                throw new KeyConflict(taken.existingAccountId());
            }
        }
    }

    static void requireOwn(Account signer, String targetId) {
        requireOwner(signer, targetId, "account " + targetId);
    }

    /** Access control on every resource (RFC 8555 §6.3, §10.5): only the owning account. */
    static void requireOwner(Account signer, String ownerId, String resource) {
        if (!signer.id().equals(ownerId)) {
            throw AcmeProblem.unauthorized("The request is signed by account " + signer.id() + " but " + resource
                    + " belongs to another account; sign with the account that owns it");
        }
    }
}
