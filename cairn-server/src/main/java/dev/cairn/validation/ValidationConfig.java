package dev.cairn.validation;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How the validation authority reaches applicants.
 *
 * @param dnsResolver the one resolver every lookup goes to (host:port), or null for the
 *     system's resolvers as dnsjava's {@code ResolverConfig} finds them
 * @param http01Port the port http-01 connects to (RFC 8555 §8.3 says 80; tests use others)
 * @param tlsAlpn01Port the port tls-alpn-01 connects to (RFC 8737 §3 says 443)
 * @param timeout the budget for one whole validation, DNS and redirects included
 * @param blockPrivateAddresses the production anti-SSRF policy: never connect to loopback,
 *     private, link-local, multicast or otherwise reserved addresses (see {@link
 *     AddressPolicy}). Off in test set-ups so that loopback responders work.
 */
public record ValidationConfig(
        InetSocketAddress dnsResolver,
        int http01Port,
        int tlsAlpn01Port,
        Duration timeout,
        boolean blockPrivateAddresses) {
    public ValidationConfig {
        checkPort(http01Port, "http01Port");
        checkPort(tlsAlpn01Port, "tlsAlpn01Port");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    public static ValidationConfig defaults() {
        return new ValidationConfig(null, 80, 443, Duration.ofSeconds(10), false);
    }

    public ValidationConfig withDnsResolver(InetSocketAddress resolver) {
        return new ValidationConfig(resolver, http01Port, tlsAlpn01Port, timeout, blockPrivateAddresses);
    }

    public ValidationConfig withPorts(int http01, int tlsAlpn01) {
        return new ValidationConfig(dnsResolver, http01, tlsAlpn01, timeout, blockPrivateAddresses);
    }

    public ValidationConfig withTimeout(Duration newTimeout) {
        return new ValidationConfig(dnsResolver, http01Port, tlsAlpn01Port, newTimeout, blockPrivateAddresses);
    }

    public ValidationConfig withBlockPrivateAddresses(boolean block) {
        return new ValidationConfig(dnsResolver, http01Port, tlsAlpn01Port, timeout, block);
    }

    private static void checkPort(int port, String name) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 1..65535, got " + port);
        }
    }
}
