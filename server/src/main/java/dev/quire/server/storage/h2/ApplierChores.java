package dev.quire.server.storage.h2;

import dev.quire.server.storage.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Work that must run on the applier's connection and thread, between two of its transactions,
 * because only that thread writes H2's file (decision 030): a backup, a compaction step, a title,
 * a comment. Any thread queues a chore; the applier runs them ({@link #runAll}) at the top of its
 * loop, and cancels what is left when it stops ({@link #cancelAll}). While the applier reopens a
 * database that closed after a failed write, it refuses them as unavailable ({@link #refuseAll}),
 * and then gives them its new connection ({@link #use}).
 *
 * <p>Thread-safety: {@link #between} and {@link #later} from any thread; {@link #runAll},
 * {@link #refuseAll}, {@link #use} and {@link #cancelAll} on the owner thread.
 */
final class ApplierChores {
    private final LinkedBlockingQueue<FutureTask<?>> chores = new LinkedBlockingQueue<>();
    private final Thread owner;
    /** Set while {@link #refuseAll} runs the chores: each fails with it instead; owner thread only. */
    private StorageException refusal;
    /** The applier's connection; only the owner thread reads or replaces it. */
    private Connection connection;

    /**
     * @param connection what every chore is given (the applier's)
     * @param owner      the thread that runs them (the applier's): once it has ended, a new chore
     *     fails at once
     */
    ApplierChores(Connection connection, Thread owner) {
        this.connection = connection;
        this.owner = owner;
    }

    /**
     * Runs {@code chore} with the applier's connection on the applier's thread, between two of its
     * transactions, and returns its result.
     *
     * @throws StorageException if it failed, or did not run within {@code timeoutMillis}
     */
    <T> T between(Chore<T> chore, long timeoutMillis) {
        CompletableFuture<T> result = later(chore);
        try {
            return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StorageException s
                    ? s
                    : new StorageException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            result.cancel(false);
            throw new StorageException("the database did not get to it within " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for the database");
        }
    }

    /**
     * Runs {@code chore} like {@link #between}, without waiting for it: the future completes with
     * its result, or fails with what it threw ({@link StorageException} if the store closed first).
     */
    <T> CompletableFuture<T> later(Chore<T> chore) {
        CompletableFuture<T> result = new CompletableFuture<>();
        FutureTask<T> task =
                new FutureTask<>(() -> {
                    if (refusal != null) {
                        throw refusal;
                    }
                    return chore.run(connection);
                }) {
                    @Override
                    protected void done() {
                        try {
                            result.complete(get());
                        } catch (CancellationException e) {
                            result.completeExceptionally(new StorageException("the store is closing"));
                        } catch (ExecutionException e) {
                            result.completeExceptionally(e.getCause());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            result.completeExceptionally(e);
                        }
                    }
                };
        // A caller that gives up (a timeout) takes the chore out of the queue, if it did not run yet.
        result.whenComplete((ok, fault) -> task.cancel(false));
        chores.add(task);
        if (!owner.isAlive() && owner.getState() != Thread.State.NEW) {
            task.cancel(false); // it stopped: nothing runs chores any more
        }
        return result;
    }

    /** Work done with the applier's connection ({@link #between}). */
    interface Chore<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs every chore waiting, in order. On the owner thread, between two of its transactions. */
    void runAll() {
        FutureTask<?> chore;
        while ((chore = chores.poll()) != null) {
            chore.run();
        }
    }

    /** Cancels every chore still waiting: their callers get "the store is closing". */
    void cancelAll() {
        chores.forEach(c -> c.cancel(false));
    }

    /** Fails every chore waiting with {@code refusal}, without running it. On the owner thread. */
    void refuseAll(StorageException refusal) {
        this.refusal = refusal;
        try {
            runAll(); // each chore throws the refusal instead of running
        } finally {
            this.refusal = null;
        }
    }

    /** Gives later chores {@code fresh}, the applier's connection to a reopened database. On the owner thread. */
    void use(Connection fresh) {
        connection = fresh;
    }
}
