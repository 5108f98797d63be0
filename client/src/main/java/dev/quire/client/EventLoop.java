package dev.quire.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The client's one event thread: every message, timer and public call that touches a document
 * runs here, one at a time, in order. Listener callbacks run here too, so a callback that
 * submits an edit sees no concurrent change. Internal.
 *
 * <p>Thread-safety: safe for use from any thread.
 */
final class EventLoop {
    private final ScheduledExecutorService executor;
    private volatile Thread thread;

    EventLoop(String name) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = pool;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the event thread; dropped once the loop is shut down. */
    void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closed) {
            // The client is closed: nothing is listening any more.
        }
    }

    ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    ScheduledFuture<?> every(Runnable task, long periodMillis) {
        return executor.scheduleWithFixedDelay(task, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code call} on the event thread (at once when already on it) and passes its future
     * on; a call after {@link #shutdown()} fails with {@code closed}.
     */
    <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call) {
        if (inLoop()) {
            return invoke(call);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> invoke(call).whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(v);
                }
            }));
        } catch (RejectedExecutionException closed) {
            result.completeExceptionally(new QuireException("closed", "the client is closed"));
        }
        return result;
    }

    private static <T> CompletableFuture<T> invoke(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    void shutdown() {
        executor.shutdown();
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
}
