package dev.cairn.storage.sql;

import dev.cairn.authority.Account;
import dev.cairn.authority.Authorization;
import dev.cairn.authority.CertificateRecord;
import dev.cairn.authority.Challenge;
import dev.cairn.authority.Order;
import org.jdbi.v3.core.statement.Update;

/** Records to the named parameters of {@link Sql}'s statements; {@code :version} is the version to store. */
final class Bindings {
    private Bindings() {}

    static Update account(Update u, Account a) {
        return u.bind("id", a.id())
                .bind("thumbprint", a.key().thumbprint())
                .bind("keyAlgorithm", a.key().publicKey().getAlgorithm())
                .bind("keySpki", Rows.encode(a.key().spki()))
                .bind("keyJwk", a.key().jwkJson())
                .bind("contact", StoredJson.strings(a.contact()))
                .bind("status", a.status().name())
                .bind("tosAgreed", a.termsOfServiceAgreed())
                .bind("createdAt", Rows.millis(a.createdAt()))
                .bind("eab", a.externalAccountBinding())
                .bind("version", a.version());
    }

    static Update order(Update u, Order o) {
        return u.bind("id", o.id())
                .bind("accountId", o.accountId())
                .bind("phase", o.phase().name())
                .bind("createdAt", Rows.millis(o.createdAt()))
                .bind("expires", Rows.millis(o.expires()))
                .bind("identifiers", StoredJson.identifiers(o.identifiers()))
                .bind("authorizationIds", StoredJson.strings(o.authorizationIds()))
                .bind("notBefore", Rows.millis(o.notBefore()))
                .bind("notAfter", Rows.millis(o.notAfter()))
                .bind("error", StoredJson.problem(o.error()))
                .bind("certificateSerial", o.certificateSerial())
                .bind("replaces", o.replaces())
                .bind("profile", o.profile())
                .bind("version", o.version());
    }

    static Update authorization(Update u, Authorization a) {
        return u.bind("id", a.id())
                .bind("accountId", a.accountId())
                .bind("identifierType", a.identifier().type())
                .bind("identifierValue", a.identifier().value())
                .bind("wildcard", a.wildcard())
                .bind("status", a.status().name())
                .bind("expires", Rows.millis(a.expires()))
                .bind("version", a.version());
    }

    static Update challenge(Update u, String authorizationId, int position, Challenge c) {
        return u.bind("authzId", authorizationId)
                .bind("position", position)
                .bind("id", c.id())
                .bind("type", c.type().wire())
                .bind("token", c.token())
                .bind("status", c.status().name())
                .bind("validated", Rows.millis(c.validated()))
                .bind("error", StoredJson.problem(c.error()));
    }

    static Update certificate(Update u, CertificateRecord c) {
        return u.bind("serial", c.serial())
                .bind("accountId", c.accountId())
                .bind("orderId", c.orderId())
                .bind("leafDer", Rows.encode(c.leafDer()))
                .bind("chains", StoredJson.strings(c.chains()))
                .bind("identifiers", StoredJson.identifiers(c.identifiers()))
                .bind("notBefore", Rows.millis(c.notBefore()))
                .bind("notAfter", Rows.millis(c.notAfter()))
                .bind("revokedAt", Rows.millis(c.revokedAt()))
                .bind("revocationReason", c.revocationReason())
                .bind("renewalOverride", StoredJson.renewalWindow(c.renewalOverride()))
                .bind("version", c.version());
    }
}
