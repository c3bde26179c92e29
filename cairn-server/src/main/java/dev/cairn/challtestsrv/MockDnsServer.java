package dev.cairn.challtestsrv;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS server that is authoritative for every name, scripted by tests and by {@code cairn
 * challtestsrv} (the counterpart of {@code pebble-challtestsrv -dnsserver}).
 *
 * <p>Design note. One UDP socket and one TCP listener share a port on one address. Each
 * query is answered from an in-memory table guarded by this object's lock: A/AAAA records
 * (falling back to the default IPv4/IPv6 address when one is set), TXT records, CNAMEs (the
 * chain is followed inside the table and put into one answer, as an authoritative server
 * does for in-zone targets) and names forced to SERVFAIL. A name "exists" when it has any
 * record or when a default address is set (then every name has an A or AAAA record); a name
 * that does not exist gets NXDOMAIN, one that exists but has no record of the asked type gets
 * NOERROR with an empty answer. UDP answers larger than the client's EDNS payload size (512
 * bytes without EDNS) are truncated with TC set so that clients retry over TCP (RFC 7766).
 * Names are compared case-insensitively, with or without the trailing dot. TTLs are 0 so
 * that no cache keeps a stale answer between two tests. An answer without records carries a
 * made-up SOA in the authority section (RFC 2308 §2), as {@code pebble-challtestsrv}'s does.
 */
public final class MockDnsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MockDnsServer.class);
    private static final int MAX_CNAME_CHAIN = 8;

    /**
     * One query as the server saw it, for tests that check what a client asked: {@code name} is
     * the normalised key (lower case, trailing dot), {@code asked} the name exactly as sent.
     */
    public record Query(String name, String type, String transport, String asked, int qtype, int qclass) {}

    /** One CAA resource record (RFC 8659 §4.1). */
    public record Caa(int flags, String tag, String value) {}

    private static final SOARecord SOA = soa();

    private final Map<String, List<InetAddress>> a = new HashMap<>();
    private final Map<String, List<InetAddress>> aaaa = new HashMap<>();
    private final Map<String, List<List<String>>> txt = new HashMap<>();
    private final Map<String, String> cname = new HashMap<>();
    private final Map<String, List<Caa>> caa = new HashMap<>();
    private final Set<String> servfail = new HashSet<>();
    private final List<Query> queries = new CopyOnWriteArrayList<>();
    private InetAddress defaultIpv4;
    private InetAddress defaultIpv6;

    private DatagramSocket udp;
    private ServerSocket tcp;
    private ExecutorService threads;

    public synchronized MockDnsServer start(InetSocketAddress bind) throws IOException {
        if (udp != null) {
            throw new IllegalStateException("already started on port " + udp.getLocalPort());
        }
        bindBoth(bind);
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cairn-mockdns-" + udp.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        DatagramSocket u = udp;
        ServerSocket t = tcp;
        threads.execute(() -> serveUdp(u));
        threads.execute(() -> acceptTcp(t));
        return this;
    }

    /** Binds UDP and TCP to the same port; an ephemeral UDP port may be taken for TCP, so retry. */
    private void bindBoth(InetSocketAddress bind) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            DatagramSocket u = new DatagramSocket(bind);
            try {
                ServerSocket t = new ServerSocket();
                t.setReuseAddress(true);
                t.bind(new InetSocketAddress(bind.getAddress(), u.getLocalPort()));
                udp = u;
                tcp = t;
                return;
            } catch (IOException e) {
                u.close();
                last = e;
                if (bind.getPort() != 0) {
                    break;
                }
            }
        }
        throw last;
    }

    public synchronized int port() {
        if (udp == null) {
            throw new IllegalStateException("not started");
        }
        return udp.getLocalPort();
    }

    public synchronized InetSocketAddress address() {
        return new InetSocketAddress(udp.getLocalAddress(), udp.getLocalPort());
    }

    @Override
    public synchronized void close() {
        if (udp != null) {
            udp.close();
            try {
                tcp.close();
            } catch (IOException e) {
                LOG.debug("closing the TCP listener", e);
            }
            threads.shutdownNow();
        }
    }

    // ---- the scripting API -------------------------------------------------------------

    /** The IPv4 address answered for any A query without a specific record; null or "" for none. */
    public synchronized void setDefaultIpv4(String ip) {
        defaultIpv4 = blank(ip) ? null : literal(ip, 4);
    }

    public synchronized void setDefaultIpv6(String ip) {
        defaultIpv6 = blank(ip) ? null : literal(ip, 16);
    }

    public synchronized void addA(String name, String... ips) {
        List<InetAddress> parsed = new ArrayList<>();
        for (String ip : ips) {
            parsed.add(literal(ip, 4));
        }
        a.computeIfAbsent(key(name), k -> new ArrayList<>()).addAll(parsed);
    }

    public synchronized void addAaaa(String name, String... ips) {
        List<InetAddress> parsed = new ArrayList<>();
        for (String ip : ips) {
            parsed.add(literal(ip, 16));
        }
        aaaa.computeIfAbsent(key(name), k -> new ArrayList<>()).addAll(parsed);
    }

    public synchronized void clearA(String name) {
        a.remove(key(name));
    }

    public synchronized void clearAaaa(String name) {
        aaaa.remove(key(name));
    }

    /** Replaces every TXT record at {@code name} with one holding {@code value} (split into 255-byte strings). */
    public synchronized void setTxt(String name, String value) {
        txt.remove(key(name));
        addTxt(name, value);
    }

    /**
     * Adds one TXT record. One argument longer than 255 bytes is split into 255-byte
     * character-strings; several arguments become that record's character-strings as given.
     */
    public synchronized void addTxt(String name, String... characterStrings) {
        List<String> strings = new ArrayList<>();
        if (characterStrings.length == 1) {
            String v = characterStrings[0];
            for (int i = 0; i < v.length(); i += 255) {
                strings.add(v.substring(i, Math.min(v.length(), i + 255)));
            }
            if (strings.isEmpty()) {
                strings.add("");
            }
        } else {
            strings.addAll(List.of(characterStrings));
        }
        txt.computeIfAbsent(key(name), k -> new ArrayList<>()).add(strings);
    }

    public synchronized void clearTxt(String name) {
        txt.remove(key(name));
    }

    public synchronized void setCname(String name, String target) {
        cname.put(key(name), key(target));
    }

    public synchronized void clearCname(String name) {
        cname.remove(key(name));
    }

    /** Adds one CAA record; {@code flags} 128 is the issuer-critical flag (RFC 8659 §4.1). */
    public synchronized void addCaa(String name, int flags, String tag, String value) {
        if (flags < 0 || flags > 255) {
            throw new IllegalArgumentException("CAA flags must be 0..255: " + flags);
        }
        caa.computeIfAbsent(key(name), k -> new ArrayList<>()).add(new Caa(flags, tag, value));
    }

    public synchronized void clearCaa(String name) {
        caa.remove(key(name));
    }

    /** Every query for {@code name}, of any type, gets SERVFAIL until {@link #clearServfail}. */
    public synchronized void setServfail(String name) {
        servfail.add(key(name));
    }

    public synchronized void clearServfail(String name) {
        servfail.remove(key(name));
    }

    /** Forgets every record, default address and query, keeping the sockets open. */
    public synchronized void clearAll() {
        a.clear();
        aaaa.clear();
        txt.clear();
        cname.clear();
        caa.clear();
        servfail.clear();
        queries.clear();
        defaultIpv4 = null;
        defaultIpv6 = null;
    }

    /** The queries received so far, oldest first. */
    public List<Query> queries() {
        return List.copyOf(queries);
    }

    /** The queries for one name (any case, with or without the trailing dot), oldest first. */
    public List<Query> queries(String name) {
        String k = key(name);
        return queries.stream().filter(q -> q.name().equals(k)).toList();
    }

    /** Forgets the queries for one name. */
    public void clearQueries(String name) {
        String k = key(name);
        queries.removeIf(q -> q.name().equals(k));
    }

    // ---- answering ---------------------------------------------------------------------

    /** Builds the answer to one wire query; null when the bytes are not a DNS query at all. */
    byte[] answer(byte[] wire, boolean overUdp) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return null;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (question == null) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response.toWire();
        }
        response.addRecord(question, Section.QUESTION);
        String asked = question.getName().toString();
        queries.add(new Query(
                key(asked),
                Type.string(question.getType()),
                overUdp ? "udp" : "tcp",
                asked,
                question.getType(),
                question.getDClass()));
        fill(response, question.getName(), question.getType());
        if (response.getSection(Section.ANSWER).isEmpty()) {
            response.addRecord(SOA, Section.AUTHORITY);
        }
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            response.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        }
        if (!overUdp) {
            return response.toWire();
        }
        int max = opt == null ? 512 : Math.max(512, Math.min(opt.getPayloadSize(), 65000));
        return response.toWire(max);
    }

    private synchronized void fill(Message response, Name asked, int type) {
        Name owner = asked;
        for (int i = 0; i < MAX_CNAME_CHAIN; i++) {
            String k = key(owner.toString());
            if (servfail.contains(k)) {
                response.getHeader().setRcode(Rcode.SERVFAIL);
                return;
            }
            String target = cname.get(k);
            if (target == null || type == Type.CNAME) {
                break;
            }
            Name next = name(target);
            response.addRecord(new CNAMERecord(owner, DClass.IN, 0, next), Section.ANSWER);
            owner = next;
        }
        String k = key(owner.toString());
        List<Record> records = records(owner, k, type);
        records.forEach(r -> response.addRecord(r, Section.ANSWER));
        if (records.isEmpty()
                && !exists(k)
                && response.getSection(Section.ANSWER).isEmpty()) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        }
    }

    private List<Record> records(Name owner, String k, int type) {
        List<Record> out = new ArrayList<>();
        if (type == Type.A || type == Type.ANY) {
            for (InetAddress ip : a.getOrDefault(k, defaultIpv4 == null ? List.of() : List.of(defaultIpv4))) {
                out.add(new ARecord(owner, DClass.IN, 0, ip));
            }
        }
        if (type == Type.AAAA || type == Type.ANY) {
            for (InetAddress ip : aaaa.getOrDefault(k, defaultIpv6 == null ? List.of() : List.of(defaultIpv6))) {
                out.add(new AAAARecord(owner, DClass.IN, 0, ip));
            }
        }
        if (type == Type.TXT || type == Type.ANY) {
            for (List<String> strings : txt.getOrDefault(k, List.of())) {
                out.add(new TXTRecord(owner, DClass.IN, 0, strings));
            }
        }
        if (type == Type.CAA || type == Type.ANY) {
            for (Caa c : caa.getOrDefault(k, List.of())) {
                out.add(new CAARecord(owner, DClass.IN, 0, c.flags(), c.tag(), c.value()));
            }
        }
        if (type == Type.CNAME && cname.containsKey(k)) {
            out.add(new CNAMERecord(owner, DClass.IN, 0, name(cname.get(k))));
        }
        return out;
    }

    private boolean exists(String k) {
        return defaultIpv4 != null
                || defaultIpv6 != null
                || a.containsKey(k)
                || aaaa.containsKey(k)
                || txt.containsKey(k)
                || caa.containsKey(k)
                || cname.containsKey(k);
    }

    // ---- transport ---------------------------------------------------------------------

    private void serveUdp(DatagramSocket socket) {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                socket.receive(in);
                byte[] wire = java.util.Arrays.copyOf(in.getData(), in.getLength());
                byte[] out = answer(wire, true);
                if (out != null) {
                    socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
                }
            } catch (SocketException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("mock DNS: UDP query failed", e);
            }
        }
    }

    private void acceptTcp(ServerSocket listener) {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                threads.execute(() -> serveTcp(s));
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    /** RFC 1035 §4.2.2 / RFC 7766 §8: each message carries a two-byte length prefix. */
    private void serveTcp(Socket socket) {
        try (socket;
                DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            socket.setSoTimeout(10_000);
            while (true) {
                int length = in.readUnsignedShort();
                byte[] wire = in.readNBytes(length);
                byte[] answer = answer(wire, false);
                if (answer == null) {
                    return;
                }
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (EOFException e) {
            // the client closed the connection: the normal end
        } catch (IOException | RuntimeException e) {
            LOG.debug("mock DNS: TCP connection ended", e);
        }
    }

    // ---- names and addresses -----------------------------------------------------------

    static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }

    private static Name name(String key) {
        try {
            return Name.fromString(key);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + key, e);
        }
    }

    private static SOARecord soa() {
        Name zone = name("challtestsrv.invalid.");
        return new SOARecord(
                zone,
                DClass.IN,
                0,
                name("ns.challtestsrv.invalid."),
                name("master.challtestsrv.invalid."),
                1,
                1,
                1,
                1,
                1);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static InetAddress literal(String ip, int length) {
        try {
            byte[] bytes = org.xbill.DNS.Address.toByteArray(
                    ip, length == 4 ? org.xbill.DNS.Address.IPv4 : org.xbill.DNS.Address.IPv6);
            if (bytes == null) {
                throw new IllegalArgumentException("not an IPv" + (length == 4 ? 4 : 6) + " address: " + ip);
            }
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }

    @Override
    public synchronized String toString() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("a", a);
        state.put("aaaa", aaaa);
        state.put("txt", txt);
        state.put("cname", cname);
        state.put("caa", caa);
        state.put("servfail", servfail);
        return "MockDnsServer" + state;
    }
}
