package dev.cairn.policy;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import java.util.List;
import java.util.Locale;

/**
 * Which account contacts Cairn accepts (RFC 8555 §7.3; catalog ACCT-06, ACCT-07): only
 * {@code mailto:} URLs holding exactly one plain ASCII address (RFC 5322 dot-atom local part,
 * a dotted domain), no hfields, at most {@value #MAX_CONTACTS} of them. Quoted local parts
 * and percent-encoding are refused; no real client sends them.
 */
public final class ContactPolicy {
    public static final int MAX_CONTACTS = 10;
    private static final int MAX_ADDRESS = 254;
    private static final int MAX_LOCAL = 64;
    private static final String ATEXT_SPECIALS = "!#$&'*+/=^_`{|}~-";

    private ContactPolicy() {}

    /** The contacts as given, or throws the problem for the first bad one. */
    public static List<String> check(List<String> contacts) {
        if (contacts == null) {
            return List.of();
        }
        if (contacts.size() > MAX_CONTACTS) {
            throw AcmeProblem.malformed(
                    "the account has " + contacts.size() + " contacts; the maximum is " + MAX_CONTACTS);
        }
        for (String contact : contacts) {
            checkOne(contact);
        }
        return contacts;
    }

    private static void checkOne(String contact) {
        if (contact == null) {
            throw invalid("a contact is null; send a string such as \"mailto:admin@example.com\"");
        }
        int colon = contact.indexOf(':');
        String scheme = colon < 0 ? "" : contact.substring(0, colon);
        if (!"mailto".equals(scheme.toLowerCase(Locale.ROOT))) {
            throw AcmeProblem.of(
                    ProblemType.UNSUPPORTED_CONTACT,
                    "contact \"" + contact + "\" "
                            + (colon < 0 ? "has no URL scheme" : "uses the scheme \"" + scheme + "\"")
                            + "; only mailto: contacts are accepted, e.g. \"mailto:admin@example.com\"");
        }
        String address = contact.substring(colon + 1);
        String wrong = addressProblem(address);
        if (wrong != null) {
            throw invalid("contact \"" + contact + "\" " + wrong);
        }
    }

    /** What is wrong with {@code address}, or null when it is acceptable. */
    private static String addressProblem(String address) {
        if (address.isEmpty()) {
            return "has no email address; send mailto:user@example.com";
        }
        if (address.indexOf('?') >= 0) {
            return "has hfields ('?…'); send only the address, without ?subject= or other fields";
        }
        if (address.indexOf(',') >= 0) {
            return "lists several addresses; send one mailto: contact per address";
        }
        if (address.indexOf('%') >= 0) {
            return "is percent-encoded; send the address literally";
        }
        if (address.length() > MAX_ADDRESS) {
            return "has an address of " + address.length() + " characters; the maximum is " + MAX_ADDRESS;
        }
        int at = address.indexOf('@');
        if (at < 0 || at != address.lastIndexOf('@')) {
            return "does not hold exactly one '@'; send a single address such as user@example.com";
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        String localWrong = localPartProblem(local);
        return localWrong != null ? localWrong : domainProblem(domain);
    }

    private static String localPartProblem(String local) {
        if (local.isEmpty() || local.length() > MAX_LOCAL) {
            return "has a local part of " + local.length() + " characters; it must be 1 to " + MAX_LOCAL;
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return "has a local part with a leading, trailing or doubled '.'";
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!(isAlnum(c) || c == '.' || ATEXT_SPECIALS.indexOf(c) >= 0)) {
                return "has '" + c + "' in its local part; use plain ASCII letters, digits and . _ + -"
                        + " (RFC 5322 dot-atom)";
            }
        }
        return null;
    }

    private static String domainProblem(String domain) {
        if (domain.indexOf('.') < 0) {
            return "has the domain \"" + domain + "\" without a dot; use a fully qualified domain such as"
                    + " example.com";
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty()
                    || label.length() > 63
                    || label.startsWith("-")
                    || label.endsWith("-")
                    || !label.chars().allMatch(c -> isAlnum((char) c) || c == '-')) {
                return "has the domain \"" + domain + "\", which is not a valid ASCII domain name; use letters,"
                        + " digits and '-' in labels of 1 to 63 characters (A-labels for IDNs)";
            }
        }
        return null;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static AcmeProblem invalid(String detail) {
        return AcmeProblem.of(ProblemType.INVALID_CONTACT, detail);
    }
}
