package dev.cairn.conformance;

import java.util.List;

/**
 * Keeps the violations per client. Implementations must bound their memory whatever clients
 * send: a fixed number of clients, a fixed number of violations per client, counts for the rest.
 */
public interface ConformanceRecorder {
    void record(ClientRef client, Violation violation);

    /** The client's report; an empty one when nothing was recorded for it. */
    ConformanceReport report(ClientRef client);

    /** A report for every client with at least one recorded violation, most recent offender first. */
    List<ConformanceReport> reports();

    void clear(ClientRef client);

    void clearAll();
}
