package dev.cairn.policy;

import com.google.common.net.InternetDomainName;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import java.net.IDN;
import java.util.Locale;

/**
 * Syntax and policy for {@code dns} identifiers (RFC 8555 §7.1.3, §7.1.4; catalog ORD-04,
 * ORD-05, IP-07). Syntax errors are malformed; names Cairn will not issue for (bare TLDs,
 * public suffixes, IP literals) are rejectedIdentifier.
 *
 * <p>Known limit: {@link IDN} implements IDNA2003, so a few IDNA2008-only A-labels (for
 * example those holding ß or ZWJ) fail the round trip and are refused.
 */
final class DnsNames {
    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    private DnsNames() {}

    /** The normalised name (lower case), or throws with what is wrong and what to send. */
    static String normalize(String value) {
        if (value.isEmpty()) {
            throw malformed("dns identifier is empty; send a domain name such as example.com");
        }
        if (!isAscii(value)) {
            throw malformed("dns identifier \"" + value + "\" is not ASCII; send the A-label form" + aLabel(value));
        }
        String name = value.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            throw malformed("dns identifier \"" + value + "\" ends with a dot; remove the trailing dot");
        }
        if (name.length() > MAX_NAME) {
            throw malformed("dns identifier is " + name.length() + " characters; a name is at most " + MAX_NAME);
        }
        if (IpAddresses.isIpLiteral(name) || IpAddresses.isIpLiteral(strip(name, '[', ']'))) {
            throw rejected("dns identifier \"" + value + "\" is an IP address; use an identifier of type ip");
        }
        boolean wildcard = name.startsWith("*.");
        String base = wildcard ? name.substring(2) : name;
        if (base.indexOf('*') >= 0) {
            throw malformed("dns identifier \"" + value + "\" has a misplaced '*'; a wildcard is only allowed as the"
                    + " whole leftmost label, as in *.example.com");
        }
        String[] labels = base.split("\\.", -1);
        for (String label : labels) {
            checkLabel(label, value);
        }
        checkPolicy(value, base, labels, wildcard);
        return name;
    }

    private static void checkLabel(String label, String value) {
        if (label.isEmpty()) {
            throw malformed("dns identifier \"" + value + "\" has an empty label; remove the doubled or leading dot");
        }
        if (label.length() > MAX_LABEL) {
            throw malformed("dns identifier \"" + value + "\" has a label of " + label.length()
                    + " characters; a label is at most " + MAX_LABEL);
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                throw malformed("dns identifier \"" + value + "\" contains '" + c + "'; a label holds only letters,"
                        + " digits and '-'");
            }
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            throw malformed("dns identifier \"" + value + "\" has the label \"" + label
                    + "\", which starts or ends with '-'; labels cannot");
        }
        if (label.startsWith("xn--")) {
            checkPunycode(label, value);
        }
    }

    /** RFC 8555 §7.1.4: names with an "xn--" label MUST be valid punycode. */
    private static void checkPunycode(String label, String value) {
        String unicode = IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED);
        boolean ok = !unicode.equals(label);
        if (ok) {
            try {
                ok = IDN.toASCII(unicode, IDN.ALLOW_UNASSIGNED).equals(label);
            } catch (IllegalArgumentException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw malformed("dns identifier \"" + value + "\" has the label \"" + label
                    + "\", which is not valid punycode (it does not round-trip through IDNA); send the A-label"
                    + " that IDNA ToASCII gives for the Unicode name");
        }
    }

    private static void checkPolicy(String value, String base, String[] labels, boolean wildcard) {
        String tld = labels[labels.length - 1];
        if (tld.chars().allMatch(Character::isDigit)) {
            throw malformed("dns identifier \"" + value + "\" has an all-numeric top-level label; that is neither a"
                    + " domain name nor an IPv4 address");
        }
        if (labels.length < 2) {
            throw rejected("dns identifier \"" + value + "\" is " + (wildcard ? "a wildcard of " : "")
                    + "a bare top-level domain; request a name below it, such as example." + tld);
        }
        if (InternetDomainName.isValid(base) && InternetDomainName.from(base).isPublicSuffix()) {
            throw rejected("dns identifier \"" + value + "\" " + (wildcard ? "covers" : "is") + " the public suffix \""
                    + base + "\"; request a name registered under it");
        }
    }

    private static String aLabel(String value) {
        try {
            String ascii = IDN.toASCII(value, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            return isAscii(ascii) ? ": \"" + ascii + "\"" : " (IDNA ToASCII of the name)";
        } catch (IllegalArgumentException e) {
            return " (this name has no valid IDNA form: " + e.getMessage() + ")";
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String strip(String s, char open, char close) {
        return s.length() > 2 && s.charAt(0) == open && s.charAt(s.length() - 1) == close
                ? s.substring(1, s.length() - 1)
                : s;
    }

    private static AcmeProblem malformed(String detail) {
        return AcmeProblem.malformed(detail);
    }

    private static AcmeProblem rejected(String detail) {
        return AcmeProblem.of(ProblemType.REJECTED_IDENTIFIER, detail);
    }
}
