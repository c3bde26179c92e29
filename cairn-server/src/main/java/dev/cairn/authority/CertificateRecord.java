package dev.cairn.authority;

import dev.cairn.issuance.PemChains;
import dev.cairn.protocol.Identifier;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An issued certificate and its revocation state. {@code chains} holds each full PEM chain
 * that can be downloaded (index 0 is the default, the others are offered with {@code Link
 * rel="alternate"}, RFC 8555 §7.4.2). {@code serial} is lower-case hex without leading zeros.
 * {@code renewalOverride} is the RFC 9773 renewal window an operator set on the management API
 * in place of the computed one, or null.
 */
public record CertificateRecord(
        String serial,
        String accountId,
        String orderId,
        byte[] leafDer,
        List<String> chains,
        List<Identifier> identifiers,
        Instant notBefore,
        Instant notAfter,
        Instant revokedAt,
        Integer revocationReason,
        RenewalWindow renewalOverride,
        long version) {
    public CertificateRecord {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(leafDer, "leafDer");
        chains = chains instanceof PemChains ? chains : List.copyOf(chains);
        identifiers = List.copyOf(identifiers);
        leafDer = leafDer.clone();
    }

    @Override
    public byte[] leafDer() {
        return leafDer.clone();
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public CertificateRecord revoked(Instant at, int reason) {
        return new CertificateRecord(
                serial,
                accountId,
                orderId,
                leafDer,
                chains,
                identifiers,
                notBefore,
                notAfter,
                at,
                reason,
                renewalOverride,
                version);
    }

    /** The same certificate with {@code window} (null: none) answered by renewalInfo instead of the computed one. */
    public CertificateRecord withRenewalOverride(RenewalWindow window) {
        return new CertificateRecord(
                serial,
                accountId,
                orderId,
                leafDer,
                chains,
                identifiers,
                notBefore,
                notAfter,
                revokedAt,
                revocationReason,
                window,
                version);
    }

    public CertificateRecord withVersion(long newVersion) {
        return new CertificateRecord(
                serial,
                accountId,
                orderId,
                leafDer,
                chains,
                identifiers,
                notBefore,
                notAfter,
                revokedAt,
                revocationReason,
                renewalOverride,
                newVersion);
    }
}
