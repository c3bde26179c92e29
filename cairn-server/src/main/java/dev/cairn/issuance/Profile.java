package dev.cairn.issuance;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A certificate profile (draft-ietf-acme-profiles): what a certificate issued under it looks
 * like. {@code lifetime} is the default validity and the longest {@code notAfter - notBefore}
 * an order may ask for; {@code commonName} says whether the subject carries a CN (else the
 * subject is empty and the SAN critical); {@code ipAllowed} says whether IP identifiers may be
 * ordered under it; {@code usages} are the key usages and extended key usages of its leaves.
 */
public record Profile(
        String name, String description, Duration lifetime, boolean commonName, boolean ipAllowed, KeyUsages usages) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public Profile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(usages, "usages");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("profile name '" + name
                    + "' must be 1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (lifetime.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException(
                    "profile " + name + " has lifetime " + lifetime + "; use at least 2 seconds");
        }
    }

    /** With the classic profile's key usages: digitalSignature, keyEncipherment for RSA keys, serverAuth. */
    public Profile(String name, String description, Duration lifetime, boolean commonName, boolean ipAllowed) {
        this(name, description, lifetime, commonName, ipAllowed, KeyUsages.CLASSIC);
    }
}
