package dev.cairn.variation;

import dev.cairn.variation.Variations.ExtraMember;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Unknown members for {@link Variation#EXTRA_MEMBERS}. Names are made-up words with no common
 * prefix (a client must not get away with skipping {@code x-…} names), never a member name
 * ACME or its extensions define; values are of every JSON type, and the strings say what they
 * are, so a person who meets one in a client's log knows where it came from.
 */
final class ExtraMembers {
    static final String NOTE = "unknown member added by Cairn's legal-variation mode; clients must ignore it";

    /** Member names of RFC 8555, RFC 7807, RFC 9773 and the profiles draft, which an extra member must never take. */
    private static final Set<String> DEFINED = Set.of(
            "newNonce",
            "newAccount",
            "newOrder",
            "newAuthz",
            "revokeCert",
            "keyChange",
            "renewalInfo",
            "meta",
            "termsOfService",
            "website",
            "caaIdentities",
            "externalAccountRequired",
            "profiles",
            "status",
            "contact",
            "termsOfServiceAgreed",
            "orders",
            "onlyReturnExisting",
            "externalAccountBinding",
            "createdAt",
            "expires",
            "identifiers",
            "notBefore",
            "notAfter",
            "error",
            "authorizations",
            "finalize",
            "certificate",
            "profile",
            "replaces",
            "identifier",
            "challenges",
            "wildcard",
            "type",
            "url",
            "token",
            "validated",
            "value",
            "detail",
            "title",
            "instance",
            "subproblems",
            "algorithms",
            "suggestedWindow",
            "start",
            "end",
            "explanationURL",
            "csr",
            "reason",
            "account",
            "oldKey");

    private static final String CONSONANTS = "bdfgklmnprstvz";
    private static final String VOWELS = "aeiou";

    private ExtraMembers() {}

    /** One to three members, for a whole run. */
    static List<ExtraMember> some(Random r) {
        return fresh(r, Set.of(), 1 + r.nextInt(3));
    }

    /** {@code count} members whose names are not in {@code taken} nor defined by ACME. */
    static List<ExtraMember> fresh(Random r, Set<String> taken, int count) {
        List<ExtraMember> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (out.size() < count) {
            String name = name(r);
            if (!DEFINED.contains(name) && !taken.contains(name) && !names.contains(name)) {
                names.add(name);
                out.add(new ExtraMember(name, value(r)));
            }
        }
        return out;
    }

    /** A pronounceable made-up word of two or three syllables, sometimes camelCase of two words. */
    static String name(Random r) {
        StringBuilder s = new StringBuilder(word(r));
        if (r.nextBoolean()) {
            String second = word(r);
            s.append(Character.toUpperCase(second.charAt(0))).append(second, 1, second.length());
        }
        return s.toString();
    }

    private static String word(Random r) {
        StringBuilder s = new StringBuilder();
        int syllables = 2 + r.nextInt(2);
        for (int i = 0; i < syllables; i++) {
            s.append(CONSONANTS.charAt(r.nextInt(CONSONANTS.length())));
            s.append(VOWELS.charAt(r.nextInt(VOWELS.length())));
        }
        return s.toString();
    }

    /** A JSON value of a random type. */
    static String value(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> "\"" + NOTE + "\"";
            case 1 -> Integer.toString(r.nextInt(100_000));
            case 2 -> Boolean.toString(r.nextBoolean());
            case 3 -> "null";
            case 4 -> "[\"" + NOTE + "\"," + r.nextInt(100) + "]";
            default -> "{\"note\":\"" + NOTE + "\",\"n\":" + r.nextInt(100) + "}";
        };
    }
}
