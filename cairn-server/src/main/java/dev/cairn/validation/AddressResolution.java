package dev.cairn.validation;

import dev.cairn.protocol.ProblemType;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a host (a DNS name or an IP literal) into the addresses the VA may connect to: DNS
 * through the {@link DnsClient}, then the anti-SSRF {@link AddressPolicy} when it is on.
 * Shared by http-01 (as Jetty's resolver) and tls-alpn-01.
 */
final class AddressResolution {
    private final DnsClient dns;
    private final boolean blockPrivate;

    AddressResolution(DnsClient dns, boolean blockPrivate) {
        this.dns = dns;
        this.blockPrivate = blockPrivate;
    }

    /** The addresses to try, in order; never empty. */
    List<InetAddress> resolve(String host) throws ValidationFailure {
        Optional<InetAddress> literal = AddressPolicy.parseLiteral(host);
        List<InetAddress> found;
        if (literal.isPresent()) {
            found = List.of(literal.get());
        } else {
            try {
                found = dns.addresses(host);
            } catch (DnsLookupException e) {
                throw new ValidationFailure(
                        ProblemType.DNS, "DNS problem looking up A/AAAA for " + host + ": " + e.getMessage());
            }
        }
        if (!blockPrivate) {
            return found;
        }
        List<InetAddress> allowed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (InetAddress a : found) {
            AddressPolicy.whyForbidden(a).ifPresentOrElse(refused::add, () -> allowed.add(a));
        }
        if (allowed.isEmpty()) {
            ProblemType type = literal.isPresent() ? ProblemType.REJECTED_IDENTIFIER : ProblemType.CONNECTION;
            throw new ValidationFailure(type, "the VA does not connect to " + host + ": " + String.join("; ", refused));
        }
        return allowed;
    }
}
