package dev.cairn.bench;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * One worker's latencies, in nanoseconds, kept raw and merged after the run so percentiles
 * are exact. Synchronized because a worker abandoned after a stall may still be writing while
 * the report reads; the lock is never contended otherwise.
 */
final class Recorder {
    private final Map<RequestType, Samples> requests = new EnumMap<>(RequestType.class);
    private final Samples flows = new Samples();

    synchronized void request(RequestType type, long nanos) {
        requests.computeIfAbsent(type, t -> new Samples()).add(nanos);
    }

    synchronized void flow(long nanos) {
        flows.add(nanos);
    }

    synchronized void mergeInto(Map<RequestType, Samples> allRequests, Samples allFlows) {
        requests.forEach((type, s) ->
                allRequests.computeIfAbsent(type, t -> new Samples()).addAll(s));
        allFlows.addAll(flows);
    }

    /** A growable array of longs with exact percentiles. */
    static final class Samples {
        private long[] values = new long[256];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void addAll(Samples other) {
            for (int i = 0; i < other.size; i++) {
                add(other.values[i]);
            }
        }

        int size() {
            return size;
        }

        /** Nearest-rank percentile in milliseconds; 0 when empty. */
        double percentileMillis(double p) {
            if (size == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * size);
            return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
        }
    }
}
