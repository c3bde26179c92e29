package dev.cairn.validation;

import dev.cairn.validation.DnsLookupException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The VA's DNS: every name the VA looks up goes through here, to one configured resolver
 * (or the system's), never through the JDK's {@code InetAddress} cache or hosts file.
 *
 * <p>Design note. Queries are sent with RD set over UDP; dnsjava's {@link SimpleResolver}
 * retries over TCP when an answer comes back truncated. CNAMEs are chased here rather than
 * trusted to the resolver: a recursive resolver puts the chain in one answer, an
 * authoritative-for-everything test server (challtestsrv) answers only the first link, so
 * the chain is walked inside each answer first and a new query is sent only for a target
 * the answer does not cover, at most {@value #MAX_CNAME_HOPS} hops. Names are always made
 * absolute so the system's search path never applies. There is no cache: a validation must
 * see what the applicant has published now. Each lookup fails with a {@link
 * DnsLookupException} that tells NXDOMAIN, an empty answer, SERVFAIL and a timeout apart;
 * a successful lookup never returns an empty list.
 */
public final class DnsClient {
    static final int MAX_CNAME_HOPS = 8;
    private static final java.util.concurrent.Executor LOOKUPS =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "cairn-dns");
                t.setDaemon(true);
                return t;
            });

    private final Resolver resolver;
    private final Duration timeout;

    public DnsClient(InetSocketAddress server, Duration timeout) {
        this.timeout = timeout;
        this.resolver = server == null ? new ExtendedResolver() : new SimpleResolver(server);
        this.resolver.setTimeout(timeout);
    }

    public static DnsClient of(ValidationConfig config) {
        return new DnsClient(config.dnsResolver(), config.timeout());
    }

    /**
     * The AAAA then A addresses of {@code name}, asked in parallel. Records of one family
     * are enough: a failure for the other family is then ignored.
     */
    public List<InetAddress> addresses(String name) throws DnsLookupException {
        CompletableFuture<List<Record>> aaaa = CompletableFuture.supplyAsync(() -> unchecked(name, Type.AAAA), LOOKUPS);
        List<Record> v4;
        DnsLookupException v4Failure = null;
        try {
            v4 = lookup(name, Type.A);
        } catch (DnsLookupException e) {
            v4 = List.of();
            v4Failure = e;
        }
        List<Record> v6;
        DnsLookupException v6Failure = null;
        try {
            v6 = aaaa.join();
        } catch (java.util.concurrent.CompletionException e) {
            v6 = List.of();
            v6Failure = (DnsLookupException) e.getCause();
        }
        List<InetAddress> out = new ArrayList<>();
        v6.forEach(r -> out.add(((AAAARecord) r).getAddress()));
        v4.forEach(r -> out.add(((ARecord) r).getAddress()));
        if (!out.isEmpty()) {
            return List.copyOf(out);
        }
        throw worse(v4Failure, v6Failure, name);
    }

    /**
     * The TXT values at {@code name}, CNAMEs followed. Each record's character-strings are
     * joined into one value (one TXT record may carry a value split into 255-byte pieces).
     */
    public List<String> txt(String name) throws DnsLookupException {
        List<String> values = new ArrayList<>();
        for (Record r : lookup(name, Type.TXT)) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (byte[] piece : ((TXTRecord) r).getStringsAsByteArrays()) {
                joined.writeBytes(piece);
            }
            values.add(joined.toString(StandardCharsets.UTF_8));
        }
        return List.copyOf(values);
    }

    private List<Record> unchecked(String name, int type) {
        try {
            return lookup(name, type);
        } catch (DnsLookupException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    private List<Record> lookup(String name, int type) throws DnsLookupException {
        Name current = absolute(name, type);
        Message answer = send(current, type, name);
        for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
            List<Record> matches = records(answer, current, type);
            if (!matches.isEmpty()) {
                return matches;
            }
            Name target = cnameTarget(answer, current);
            if (target == null) {
                throw empty(answer, current, type, name);
            }
            current = target;
            if (records(answer, current, type).isEmpty() && cnameTarget(answer, current) == null) {
                answer = send(current, type, name);
            }
        }
        throw new DnsLookupException(
                Kind.SERVER_FAILURE,
                name,
                Type.string(type),
                "more than " + MAX_CNAME_HOPS + " CNAMEs were followed from " + name + " (a loop?)");
    }

    private Message send(Name name, int type, String asked) throws DnsLookupException {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        query.getHeader().setFlag(Flags.RD);
        Message response;
        try {
            response = resolver.sendAsync(query).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw timeout(name, type, asked, "no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw timeout(name, type, asked, describe(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw timeout(name, type, asked, "interrupted");
        }
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new DnsLookupException(
                    Kind.SERVER_FAILURE,
                    asked,
                    Type.string(type),
                    "the resolver answered " + Rcode.string(rcode) + " for " + display(name) + " " + Type.string(type));
        }
        return response;
    }

    private static DnsLookupException timeout(Name name, int type, String asked, String why) {
        return new DnsLookupException(
                Kind.TIMEOUT,
                asked,
                Type.string(type),
                "no DNS answer for " + display(name) + " " + Type.string(type) + ": " + why);
    }

    private static String describe(Throwable t) {
        if (t instanceof IOException && t.getCause() instanceof TimeoutException) {
            return "timed out";
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    private static DnsLookupException empty(Message answer, Name name, int type, String asked) {
        if (answer.getRcode() == Rcode.NXDOMAIN) {
            return new DnsLookupException(
                    Kind.NXDOMAIN, asked, Type.string(type), display(name) + " does not exist (NXDOMAIN)");
        }
        return new DnsLookupException(
                Kind.NO_RECORDS, asked, Type.string(type), "no " + Type.string(type) + " records at " + display(name));
    }

    /** A DNS failure outranks NXDOMAIN, which outranks an empty answer. */
    private static DnsLookupException worse(DnsLookupException v4, DnsLookupException v6, String name) {
        for (DnsLookupException e : List.of(v4, v6)) {
            if (e.isServerSide()) {
                return e;
            }
        }
        for (DnsLookupException e : List.of(v4, v6)) {
            if (e.kind() == Kind.NXDOMAIN) {
                return e;
            }
        }
        return new DnsLookupException(Kind.NO_RECORDS, name, "A/AAAA", "no A or AAAA records at " + name);
    }

    private static List<Record> records(Message m, Name owner, int type) {
        List<Record> out = new ArrayList<>();
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r.getType() == type && r.getName().equals(owner)) {
                out.add(r);
            }
        }
        return out;
    }

    private static Name cnameTarget(Message m, Name owner) {
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r instanceof CNAMERecord c && r.getName().equals(owner)) {
                return c.getTarget();
            }
        }
        return null;
    }

    private static Name absolute(String name, int type) throws DnsLookupException {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new DnsLookupException(
                    Kind.NXDOMAIN, name, Type.string(type), "'" + name + "' is not a valid DNS name");
        }
    }

    static String display(Name name) {
        String s = name.toString();
        return s.endsWith(".") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
    }

    /** For tests and diagnostics: which resolver this client asks. */
    @Override
    public String toString() {
        return "DnsClient[" + resolver + "]";
    }
}
