package dev.cairn.storage;

import dev.cairn.authority.Account;
import dev.cairn.authority.AccountKey;
import dev.cairn.authority.Authorization;
import dev.cairn.authority.CertificateRecord;
import dev.cairn.authority.Challenge;
import dev.cairn.authority.Order;
import dev.cairn.protocol.AccountStatus;
import dev.cairn.protocol.AuthorizationStatus;
import dev.cairn.protocol.ChallengeStatus;
import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.OrderStatus;
import dev.cairn.protocol.Problem;
import dev.cairn.protocol.ProblemType;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Records for the storage contract suite. Instants carry nanoseconds on purpose. */
final class StorageFixtures {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123456789Z");
    static final Duration DAY = Duration.ofDays(1);

    static final PublicKey EC_KEY = publicKey("EC", 256);
    static final PublicKey RSA_KEY = publicKey("RSA", 2048);
    static final PublicKey ED25519_KEY = publicKey("Ed25519", 0);

    private StorageFixtures() {}

    static AccountKey key(String thumbprint) {
        return key(EC_KEY, thumbprint);
    }

    static AccountKey key(PublicKey publicKey, String thumbprint) {
        return new AccountKey(
                publicKey, thumbprint, "{\"kty\":\"" + publicKey.getAlgorithm() + "\",\"t\":\"" + thumbprint + "\"}");
    }

    static Account account(String id, String thumbprint) {
        return new Account(
                id,
                key(thumbprint),
                List.of("mailto:ops@example.com", "mailto:pki@example.org"),
                AccountStatus.VALID,
                true,
                NOW,
                null,
                0);
    }

    static Challenge challenge(String id, ChallengeType type, ChallengeStatus status) {
        return new Challenge(id, type, "token-" + id, status, null, null);
    }

    /** A pending authorization with one challenge of each type. */
    static Authorization authorization(String id, String accountId, Identifier identifier, Instant expires) {
        return new Authorization(
                id,
                accountId,
                identifier,
                false,
                AuthorizationStatus.PENDING,
                expires,
                List.of(
                        challenge(id + "-h", ChallengeType.HTTP_01, ChallengeStatus.PENDING),
                        challenge(id + "-d", ChallengeType.DNS_01, ChallengeStatus.PENDING),
                        challenge(id + "-t", ChallengeType.TLS_ALPN_01, ChallengeStatus.PENDING)),
                0);
    }

    static Order order(String id, String accountId, Instant createdAt, List<Authorization> authzs) {
        return new Order(
                id,
                accountId,
                OrderStatus.PENDING,
                createdAt,
                createdAt.plus(DAY),
                authzs.stream().map(Authorization::identifier).toList(),
                authzs.stream().map(Authorization::id).toList(),
                null,
                null,
                null,
                null,
                null,
                null,
                0);
    }

    static Order withExpiry(Order o, Instant expires) {
        return new Order(
                o.id(),
                o.accountId(),
                o.phase(),
                o.createdAt(),
                expires,
                o.identifiers(),
                o.authorizationIds(),
                o.notBefore(),
                o.notAfter(),
                o.error(),
                o.certificateSerial(),
                o.replaces(),
                null,
                o.version());
    }

    static CertificateRecord certificate(String serial, String accountId, String orderId) {
        return new CertificateRecord(
                serial,
                accountId,
                orderId,
                new byte[] {0x30, (byte) 0x82, 0x01, 0x00, 0x7f},
                List.of(
                        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                        "-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n"),
                List.of(Identifier.dns("example.com"), Identifier.ip("2001:db8::1")),
                NOW,
                NOW.plus(Duration.ofDays(90)),
                null,
                null,
                null,
                0);
    }

    /** A compound problem as a failed validation of a wildcard order would carry it. */
    static Problem compoundProblem() {
        return new Problem(
                ProblemType.COMPOUND,
                "Some identifiers failed",
                null,
                List.of(
                        new Problem(ProblemType.DNS, "no TXT record", Identifier.dns("example.com"), List.of()),
                        new Problem(
                                ProblemType.CONNECTION,
                                "refused",
                                Identifier.ip("192.0.2.7"),
                                List.of(Problem.of(ProblemType.TLS, "nested further")))));
    }

    private static PublicKey publicKey(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (size > 0) {
                generator.initialize(size);
            }
            return generator.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
