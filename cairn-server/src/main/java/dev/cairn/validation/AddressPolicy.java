package dev.cairn.validation;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Address;

/**
 * Which addresses the VA refuses to connect to when {@link
 * ValidationConfig#blockPrivateAddresses()} is on: the anti-SSRF policy. Without it an
 * applicant could point a name at the CA's own network and make the VA fetch from it.
 *
 * <p>The list follows the IANA IPv4 and IPv6 special-purpose address registries (RFC 6890) as
 * Boulder's {@code policy} and {@code bdns} packages use them: every block that is not
 * globally reachable. IPv4-mapped IPv6 addresses arrive here as {@link Inet4Address} (the JDK
 * unwraps them), so they are judged by their IPv4 meaning.
 */
public final class AddressPolicy {
    private record Block(byte[] prefix, int bits, String why) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private static final List<Block> BLOCKS = List.of(
            block("0.0.0.0", 8, "is in 0.0.0.0/8 (\"this network\", RFC 791)"),
            block("10.0.0.0", 8, "is private (RFC 1918)"),
            block("100.64.0.0", 10, "is shared carrier-grade NAT space (RFC 6598)"),
            block("127.0.0.0", 8, "is loopback (RFC 1122)"),
            block("169.254.0.0", 16, "is link-local (RFC 3927)"),
            block("172.16.0.0", 12, "is private (RFC 1918)"),
            block("192.0.0.0", 24, "is reserved for IETF protocol assignments (RFC 6890)"),
            block("192.0.2.0", 24, "is documentation space (RFC 5737)"),
            block("192.88.99.0", 24, "is the deprecated 6to4 relay anycast block (RFC 7526)"),
            block("192.168.0.0", 16, "is private (RFC 1918)"),
            block("198.18.0.0", 15, "is benchmarking space (RFC 2544)"),
            block("198.51.100.0", 24, "is documentation space (RFC 5737)"),
            block("203.0.113.0", 24, "is documentation space (RFC 5737)"),
            block("224.0.0.0", 4, "is multicast (RFC 5771)"),
            block("240.0.0.0", 4, "is reserved (RFC 1112) or broadcast"),
            block("::", 128, "is the unspecified address (RFC 4291)"),
            block("::1", 128, "is loopback (RFC 4291)"),
            block("::", 96, "is an IPv4-compatible address (deprecated, RFC 4291)"),
            block("64:ff9b:1::", 48, "is local-use NAT64 space (RFC 8215)"),
            block("100::", 64, "is discard-only space (RFC 6666)"),
            block("2001::", 23, "is reserved for IETF protocol assignments (RFC 2928)"),
            block("2001:db8::", 32, "is documentation space (RFC 3849)"),
            block("2002::", 16, "is 6to4 (RFC 3056), which can reach private IPv4 space"),
            block("fc00::", 7, "is unique-local (RFC 4193)"),
            block("fe80::", 10, "is link-local (RFC 4291)"),
            block("ff00::", 8, "is multicast (RFC 4291)"));

    private AddressPolicy() {}

    /** Why the VA must not connect to {@code address}, or empty when it may. */
    public static Optional<String> whyForbidden(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Block b : BLOCKS) {
            if (b.contains(bytes)) {
                return Optional.of(address.getHostAddress() + " " + b.why());
            }
        }
        return Optional.empty();
    }

    /**
     * Parses an IP literal without ever touching DNS (unlike {@link InetAddress#getByName}),
     * accepting IPv6 with or without brackets. Empty when {@code text} is not a literal.
     */
    public static Optional<InetAddress> parseLiteral(String text) {
        String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            if (Address.isDottedQuad(s)) {
                return Optional.of(InetAddress.getByAddress(Address.toByteArray(s, Address.IPv4)));
            }
            byte[] v6 = s.contains(":") ? Address.toByteArray(s, Address.IPv6) : null;
            return v6 == null ? Optional.empty() : Optional.of(InetAddress.getByAddress(v6));
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Block block(String prefix, int bits, String why) {
        InetAddress a = parseLiteral(prefix).orElseThrow();
        // getByAddress turns ::ffff:a.b.c.d into IPv4, but none of the prefixes above is mapped
        return new Block(a.getAddress(), bits, why);
    }
}
