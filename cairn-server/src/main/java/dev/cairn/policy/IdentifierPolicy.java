package dev.cairn.policy;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.ProblemType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which identifiers a newOrder may ask for, and their normal form (RFC 8555 §7.4, RFC 8738;
 * catalog ORD-02..09, ORD-20, IP-01, IP-07).
 *
 * <p>All identifiers are checked before answering, so one problem names every bad one: a
 * subproblem per identifier carrying it (§6.7.1), under a top-level problem of their shared
 * type, or malformed when the types differ. The top level never carries an identifier.
 * Names under special-use TLDs ({@code .test}, {@code .internal}, …) are accepted so test
 * setups work; only public suffixes, bare TLDs and IP literals sent as dns are refused.
 */
public final class IdentifierPolicy {
    public static final int DEFAULT_MAX_IDENTIFIERS = 100;

    private final int maxIdentifiers;
    private final List<String> blockedDomains;

    public IdentifierPolicy(int maxIdentifiers) {
        this(maxIdentifiers, List.of());
    }

    /**
     * {@code blockedDomains}: names refused with rejectedIdentifier together with every name
     * under them, matched by whole trailing labels as Pebble's {@code domainBlocklist} does
     * ({@code blocked.example} blocks {@code a.blocked.example}, not {@code notblocked.example}).
     */
    public IdentifierPolicy(int maxIdentifiers, List<String> blockedDomains) {
        this.blockedDomains = blockedDomains.stream()
                .map(d -> d.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("^\\.+|\\.+$", ""))
                .filter(d -> !d.isEmpty())
                .toList();
        if (maxIdentifiers < 1) {
            throw new IllegalArgumentException("maxIdentifiers must be at least 1, was " + maxIdentifiers);
        }
        this.maxIdentifiers = maxIdentifiers;
    }

    public IdentifierPolicy() {
        this(DEFAULT_MAX_IDENTIFIERS);
    }

    /** The normalised identifiers, duplicates removed in first-seen order, or one problem. */
    public List<Identifier> normalize(List<Identifier> requested) {
        if (requested == null || requested.isEmpty()) {
            throw AcmeProblem.malformed("the order has no identifiers; send at least one {\"type\", \"value\"}");
        }
        if (requested.size() > maxIdentifiers) {
            throw AcmeProblem.malformed("the order has " + requested.size() + " identifiers; the maximum is "
                    + maxIdentifiers + ", split it into several orders");
        }
        Set<Identifier> normalised = new LinkedHashSet<>();
        List<AcmeProblem> problems = new ArrayList<>();
        for (Identifier id : requested) {
            if (id == null) {
                problems.add(AcmeProblem.malformed("an identifier is null; send {\"type\", \"value\"}"));
                continue;
            }
            try {
                normalised.add(normalizeOne(id));
            } catch (AcmeProblem p) {
                problems.add(p.withIdentifier(id));
            }
        }
        if (!problems.isEmpty()) {
            throw combine(problems, requested.size());
        }
        return List.copyOf(normalised);
    }

    public static boolean isIpLiteral(String value) {
        return IpAddresses.isIpLiteral(value);
    }

    private Identifier normalizeOne(Identifier id) {
        return switch (id.type()) {
            case Identifier.DNS -> Identifier.dns(unblocked(DnsNames.normalize(id.value())));
            case Identifier.IP -> Identifier.ip(IpAddresses.normalize(id.value()));
            default ->
                throw AcmeProblem.of(
                        ProblemType.UNSUPPORTED_IDENTIFIER,
                        "identifier type \"" + id.type() + "\" is not supported; use \"dns\" or \"ip\"");
        };
    }

    private String unblocked(String name) {
        String bare = name.startsWith("*.") ? name.substring(2) : name;
        for (String blocked : blockedDomains) {
            if (bare.equals(blocked) || bare.endsWith("." + blocked)) {
                throw AcmeProblem.of(
                        ProblemType.REJECTED_IDENTIFIER,
                        "\"" + name + "\" is refused by this server's" + " policy: " + blocked
                                + " and every name under it are on the domain blocklist");
            }
        }
        return name;
    }

    private static AcmeProblem combine(List<AcmeProblem> problems, int total) {
        if (problems.size() == 1) {
            AcmeProblem only = problems.get(0);
            return AcmeProblem.of(only.type(), only.detail()).withSubproblems(problems);
        }
        ProblemType shared = problems.get(0).type();
        for (AcmeProblem p : problems) {
            if (p.type() != shared) {
                shared = ProblemType.MALFORMED;
                break;
            }
        }
        return AcmeProblem.of(
                        shared,
                        problems.size() + " of " + total
                                + " identifiers cannot be ordered; each subproblem says what is wrong with one of them")
                .withSubproblems(problems);
    }
}
