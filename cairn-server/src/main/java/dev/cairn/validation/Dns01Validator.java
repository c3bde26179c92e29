package dev.cairn.validation;

import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.ProblemType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * dns-01 (RFC 8555 §8.4): a TXT record at {@code _acme-challenge.{domain}} whose value is
 * base64url(SHA-256(keyAuthorization)), without padding. Any one matching record among
 * several is enough; CNAMEs are followed by the {@link DnsClient}. For a wildcard the
 * authorization's identifier is already the base domain (RFC 8555 §7.1.3).
 *
 * <p>Problem types: nothing published (NXDOMAIN or no TXT) is {@code unauthorized}, the
 * wrong values are {@code incorrectResponse}, a DNS failure (SERVFAIL, timeout) is {@code
 * dns}. dns-01 is never offered for IP identifiers (RFC 8738 §7), so being asked is {@code
 * malformed}.
 */
public final class Dns01Validator implements ChallengeValidator {
    private static final String PREFIX = "_acme-challenge.";

    private final DnsClient dns;

    public Dns01Validator(DnsClient dns) {
        this.dns = dns;
    }

    @Override
    public ChallengeType type() {
        return ChallengeType.DNS_01;
    }

    @Override
    public ValidationOutcome validate(ValidationRequest request) {
        Identifier id = request.identifier();
        if (!Identifier.DNS.equals(id.type())) {
            return ValidationOutcome.failure(
                    ProblemType.MALFORMED, "dns-01 cannot validate identifier type " + id.type() + " (RFC 8738 §7)");
        }
        String name = PREFIX + id.withoutWildcard().value();
        String expected = digest(request.keyAuthorization());
        List<String> found;
        try {
            found = dns.txt(name);
        } catch (DnsLookupException e) {
            return switch (e.kind()) {
                case NXDOMAIN, NO_RECORDS ->
                    ValidationOutcome.failure(
                            ProblemType.UNAUTHORIZED,
                            "no TXT record found at " + name + " (" + e.getMessage()
                                    + "); publish a TXT record with the value \"" + expected + "\"");
                case SERVER_FAILURE, TIMEOUT ->
                    ValidationOutcome.failure(
                            ProblemType.DNS, "DNS problem looking up TXT for " + name + ": " + e.getMessage());
            };
        }
        if (found.contains(expected)) {
            return ValidationOutcome.success();
        }
        String seen = found.stream()
                .map(v -> "\"" + Http01Validator.excerpt(v) + "\"")
                .collect(Collectors.joining(", "));
        return ValidationOutcome.failure(
                ProblemType.INCORRECT_RESPONSE,
                "the TXT records at " + name + " are " + seen + "; none is the expected \"" + expected + "\"");
    }

    /** base64url(SHA-256(keyAuthorization)) without padding (RFC 8555 §8.4). */
    public static String digest(String keyAuthorization) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(keyAuthorization));
    }

    static byte[] sha256(String keyAuthorization) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(keyAuthorization.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
