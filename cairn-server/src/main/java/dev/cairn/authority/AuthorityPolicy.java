package dev.cairn.authority;

import java.time.Duration;

/**
 * The authority's lifetimes and rules (RFC 8555 leaves each to the CA).
 *
 * @param orderLifetime how long a new order stays usable (its {@code expires})
 * @param pendingAuthorizationLifetime how long a new authorization waits for validation
 * @param validAuthorizationLifetime how long a validated authorization can be reused
 * @param maxCertificateLifetime the longest {@code notAfter - notBefore} an order may ask for
 * @param validationWait how long a challenge response waits for the validation before it answers
 *     {@code processing}
 * @param finalizeWait how long a finalize request waits for issuance before it answers
 *     {@code processing}
 * @param termsOfServiceRequired whether newAccount requires {@code termsOfServiceAgreed: true}
 */
public record AuthorityPolicy(
        Duration orderLifetime,
        Duration pendingAuthorizationLifetime,
        Duration validAuthorizationLifetime,
        Duration maxCertificateLifetime,
        Duration validationWait,
        Duration finalizeWait,
        boolean termsOfServiceRequired) {}
