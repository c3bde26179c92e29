package dev.cairn.conformance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the rules that span requests remember, per requester (a {@code kid} or a key
 * thumbprint): the Retry-After the server gave for each URL, the URLs it offered in Link
 * headers, and the badNonce answers still waiting for their retry. Every part is bounded: the
 * least recently seen requester, URL or pending retry is forgotten first, which can only hide
 * a violation, never invent one.
 */
final class RequestHistory {
    static final int MAX_REQUESTERS = 2000;
    static final int MAX_URLS = 32;
    static final int MAX_LINKS = 64;
    static final int MAX_PENDING = 1000;

    /** A Retry-After the server gave at {@code givenAt}: no same request before {@code notBefore}. */
    record Deadline(Instant givenAt, Instant notBefore, Duration given) {}

    /** A request answered with badNonce at {@code since}, waiting for a retry to the same URL. */
    record Pending(
            String requester,
            ClientRef client,
            String method,
            String url,
            String path,
            String clientAddress,
            Instant since) {}

    private static final class State {
        final LinkedHashMap<String, Deadline> deadlines = bounded(MAX_URLS);
        final LinkedHashMap<String, Boolean> links = bounded(MAX_LINKS);
    }

    private final LinkedHashMap<String, State> states = bounded(MAX_REQUESTERS);
    /** In the order the badNonce answers were sent, so the overdue ones are at the head. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    private static <V> LinkedHashMap<String, V> bounded(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    /** Removes and returns the Retry-After deadline of {@code url}: each applies to the next request only. */
    synchronized Optional<Deadline> takeDeadline(String requester, String url) {
        State s = states.get(requester);
        return s == null ? Optional.empty() : Optional.ofNullable(s.deadlines.remove(url));
    }

    synchronized void setDeadline(String requester, String url, Deadline deadline) {
        states.computeIfAbsent(requester, r -> new State()).deadlines.put(url, deadline);
    }

    synchronized boolean offered(String requester, String url) {
        State s = states.get(requester);
        return s != null && s.links.containsKey(url);
    }

    synchronized void offer(String requester, List<String> urls) {
        State s = states.computeIfAbsent(requester, r -> new State());
        urls.forEach(u -> s.links.put(u, Boolean.TRUE));
    }

    synchronized void awaitRetry(Pending p) {
        if (pending.size() == MAX_PENDING) {
            pending.removeFirst();
        }
        pending.addLast(p);
    }

    /** A request from {@code requester} to {@code url}: the retry every badNonce before it was waiting for. */
    synchronized void retried(String requester, String url) {
        if (!pending.isEmpty()) {
            pending.removeIf(p -> p.requester().equals(requester) && p.url().equals(url));
        }
    }

    /** Removes and returns the pending retries that were answered at or before {@code cutoff}. */
    synchronized List<Pending> overdue(Instant cutoff) {
        List<Pending> out = new ArrayList<>();
        Iterator<Pending> it = pending.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (p.since().isAfter(cutoff)) {
                continue;
            }
            out.add(p);
            it.remove();
        }
        return out;
    }

    synchronized List<Pending> pendingFor(ClientRef client) {
        return pending.stream().filter(p -> p.client().id().equals(client.id())).toList();
    }

    synchronized List<Pending> allPending() {
        return List.copyOf(pending);
    }

    synchronized void forget(ClientRef client) {
        pending.removeIf(p -> p.client().id().equals(client.id()));
    }

    synchronized void forgetAll() {
        pending.clear();
    }
}
