package dev.cairn.conformance;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Violations in memory, bounded: at most {@code maxClients} clients (the one that offended
 * longest ago is forgotten first) and the last {@code perClient} violations of each, plus
 * counts per rule of everything recorded. Violations are rare next to requests, so one lock is
 * enough.
 */
public final class InMemoryConformanceRecorder implements ConformanceRecorder {
    public static final int DEFAULT_MAX_CLIENTS = 1000;
    public static final int DEFAULT_PER_CLIENT = 200;

    private final int maxClients;
    private final int perClient;
    /** Insertion order is recording order: a client that records again moves to the end. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    private static final class Entry {
        final ClientRef client;
        final ArrayDeque<Violation> recent = new ArrayDeque<>();
        final EnumMap<Rule, Long> counts = new EnumMap<>(Rule.class);
        long dropped;

        Entry(ClientRef client) {
            this.client = client;
        }

        ConformanceReport report() {
            return new ConformanceReport(client, new ArrayList<>(recent), counts, dropped, List.of());
        }
    }

    public InMemoryConformanceRecorder() {
        this(DEFAULT_MAX_CLIENTS, DEFAULT_PER_CLIENT);
    }

    public InMemoryConformanceRecorder(int maxClients, int perClient) {
        if (maxClients < 1 || perClient < 1) {
            throw new IllegalArgumentException("maxClients and perClient must be positive");
        }
        this.maxClients = maxClients;
        this.perClient = perClient;
    }

    @Override
    public synchronized void record(ClientRef client, Violation violation) {
        Entry entry = entries.remove(client.id());
        if (entry == null) {
            entry = new Entry(client);
        }
        entries.put(client.id(), entry);
        if (entry.recent.size() == perClient) {
            entry.recent.removeFirst();
            entry.dropped++;
        }
        entry.recent.addLast(violation);
        entry.counts.merge(violation.rule(), 1L, Long::sum);
        if (entries.size() > maxClients) {
            Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    @Override
    public synchronized ConformanceReport report(ClientRef client) {
        Entry entry = entries.get(client.id());
        return entry == null ? ConformanceReport.empty(client) : entry.report();
    }

    @Override
    public synchronized List<ConformanceReport> reports() {
        List<ConformanceReport> out = new ArrayList<>(entries.size());
        entries.values().forEach(e -> out.add(e.report()));
        Collections.reverse(out);
        return out;
    }

    @Override
    public synchronized void clear(ClientRef client) {
        entries.remove(client.id());
    }

    @Override
    public synchronized void clearAll() {
        entries.clear();
    }
}
