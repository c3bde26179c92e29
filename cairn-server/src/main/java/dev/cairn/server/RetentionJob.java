package dev.cairn.server;

import dev.cairn.storage.Storage;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes orders and authorizations that expired more than the retention window ago, on a
 * background thread; issued certificates, revocations and accounts are kept (issue 3).
 * Nonces expire inside their own store.
 */
final class RetentionJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final ScheduledExecutorService scheduler;

    private RetentionJob(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    static RetentionJob start(Storage storage, CairnConfig.Retention retention, Clock clock) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-retention");
            t.setDaemon(true);
            return t;
        });
        long every = retention.interval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> prune(storage, retention, clock), every, every, TimeUnit.MILLISECONDS);
        return new RetentionJob(scheduler);
    }

    static int prune(Storage storage, CairnConfig.Retention retention, Clock clock) {
        try {
            int deleted = storage.pruneExpired(clock.instant().minus(retention.window()));
            if (deleted > 0) {
                LOG.info(
                        "retention: deleted {} orders and authorizations that expired more than {} ago",
                        deleted,
                        retention.window());
            }
            return deleted;
        } catch (RuntimeException e) {
            LOG.warn("retention: pruning failed; will try again in {}", retention.interval(), e);
            return 0;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
