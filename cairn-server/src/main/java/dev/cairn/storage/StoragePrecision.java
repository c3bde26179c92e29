package dev.cairn.storage;

import dev.cairn.authority.Account;
import dev.cairn.authority.Authorization;
import dev.cairn.authority.CertificateRecord;
import dev.cairn.authority.Challenge;
import dev.cairn.authority.Order;
import dev.cairn.authority.RenewalWindow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The form in which every {@link Storage} keeps a record: instants truncated to the
 * millisecond. SQL stores them as epoch milliseconds (a {@code BIGINT} on both databases
 * covers any date a certificate can carry); the in-memory store truncates the same way so
 * that the contract suite sees one behaviour on every backend.
 */
public final class StoragePrecision {
    private StoragePrecision() {}

    public static Instant instant(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    public static Account account(Account a) {
        return new Account(
                a.id(),
                a.key(),
                a.contact(),
                a.status(),
                a.termsOfServiceAgreed(),
                instant(a.createdAt()),
                a.externalAccountBinding(),
                a.version());
    }

    public static Order order(Order o) {
        return new Order(
                o.id(),
                o.accountId(),
                o.phase(),
                instant(o.createdAt()),
                instant(o.expires()),
                o.identifiers(),
                o.authorizationIds(),
                instant(o.notBefore()),
                instant(o.notAfter()),
                o.error(),
                o.certificateSerial(),
                o.replaces(),
                o.profile(),
                o.version());
    }

    public static Authorization authorization(Authorization a) {
        return new Authorization(
                a.id(),
                a.accountId(),
                a.identifier(),
                a.wildcard(),
                a.status(),
                instant(a.expires()),
                a.challenges().stream().map(StoragePrecision::challenge).toList(),
                a.version());
    }

    public static CertificateRecord certificate(CertificateRecord c) {
        return new CertificateRecord(
                c.serial(),
                c.accountId(),
                c.orderId(),
                c.leafDer(),
                c.chains(),
                c.identifiers(),
                instant(c.notBefore()),
                instant(c.notAfter()),
                instant(c.revokedAt()),
                c.revocationReason(),
                c.renewalOverride() == null
                        ? null
                        : new RenewalWindow(
                                instant(c.renewalOverride().start()),
                                instant(c.renewalOverride().end()),
                                c.renewalOverride().explanationUrl()),
                c.version());
    }

    private static Challenge challenge(Challenge c) {
        return new Challenge(c.id(), c.type(), c.token(), c.status(), instant(c.validated()), c.error());
    }
}
