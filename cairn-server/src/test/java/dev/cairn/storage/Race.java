package dev.cairn.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Starts N contenders at once behind a gate and collects what each returned or threw. */
final class Race {
    static final int CONTENDERS = 16;

    /** What one contender got: a value or a failure. */
    record Outcome<T>(T value, Throwable failure) {
        boolean won() {
            return failure == null;
        }
    }

    private Race() {}

    static <T> List<Outcome<T>> run(IntFunction<Callable<T>> contender) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
        try {
            CountDownLatch ready = new CountDownLatch(CONTENDERS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < CONTENDERS; i++) {
                Callable<T> work = contender.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return work.call();
                }));
            }
            ready.await();
            go.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    outcomes.add(new Outcome<>(future.get(60, TimeUnit.SECONDS), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause()));
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("a contender did not finish", e);
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
