package dev.cairn.issuance;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP literals without ever touching DNS: {@link InetAddress#getByName} resolves anything that
 * is not a literal, so the text is checked to be one first.
 */
final class IpAddresses {
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {}

    static boolean isLiteral(String text) {
        return IPV4.matcher(text).matches()
                || (text.contains(":") && IPV6_CHARACTERS.matcher(text).matches());
    }

    /** The address of an IPv4 or IPv6 literal; IllegalArgumentException for anything else. */
    static InetAddress parse(String text) {
        if (!isLiteral(text)) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address literal");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid IP address literal", e);
        }
    }
}
