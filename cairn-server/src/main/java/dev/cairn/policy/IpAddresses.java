package dev.cairn.policy;

import com.google.common.net.InetAddresses;
import dev.cairn.protocol.AcmeProblem;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Syntax of {@code ip} identifiers (RFC 8738 §3; catalog IP-01). IPv4 must be a strict
 * dotted quad; IPv6 is canonicalised to RFC 5952 text. An IPv4-mapped IPv6 address
 * ({@code ::ffff:a.b.c.d}) is refused rather than rewritten: the certificate would carry the
 * IPv4 address, which the client did not ask for, so the client is told to send it instead.
 * Parsing never touches DNS (Guava's {@code InetAddresses}, not {@code InetAddress.getByName}).
 */
final class IpAddresses {
    private IpAddresses() {}

    static boolean isIpLiteral(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        if (s.indexOf(':') < 0) {
            return isDottedQuad(s);
        }
        return s.indexOf('%') < 0 && InetAddresses.isInetAddress(s);
    }

    static String normalize(String value) {
        if (value.indexOf(':') < 0) {
            if (!isDottedQuad(value)) {
                throw AcmeProblem.malformed("ip identifier \"" + value + "\" is not an IPv4 dotted quad or IPv6"
                        + " address; send e.g. 192.0.2.1 (four decimal parts, no leading zeros) or 2001:db8::1");
            }
            return value;
        }
        if (value.indexOf('%') >= 0) {
            throw AcmeProblem.malformed("ip identifier \"" + value + "\" has a zone id; remove the '%' part");
        }
        if (!InetAddresses.isInetAddress(value)) {
            throw AcmeProblem.malformed("ip identifier \"" + value + "\" is not a valid IPv6 address; send it in"
                    + " RFC 5952 form, e.g. 2001:db8::1");
        }
        InetAddress address = InetAddresses.forString(value);
        if (address instanceof Inet4Address) {
            throw AcmeProblem.malformed("ip identifier \"" + value + "\" is an IPv4-mapped IPv6 address; send the"
                    + " IPv4 address " + address.getHostAddress() + " instead");
        }
        return InetAddresses.toAddrString(address);
    }

    private static boolean isDottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
