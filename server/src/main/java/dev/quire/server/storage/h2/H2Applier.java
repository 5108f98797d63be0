package dev.quire.server.storage.h2;

import dev.quire.server.fatal.FatalErrors;
import dev.quire.server.storage.FaultLog;
import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.journal.Applier;
import dev.quire.server.storage.journal.Journal;
import dev.quire.server.storage.journal.JournalEntry;
import dev.quire.server.storage.journal.StoreWrite;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills H2's SQL tables from the journal, off the acknowledgement path: one thread,
 * {@code quire-h2-apply}, takes every journaled write waiting (up to {@code maxBatch}) and applies
 * them in one transaction ({@link BatchTransaction}), which also records the last lsn applied
 * ({@code journal_state}); this class decides when, and publishes how far. Reads wait for it through
 * {@link #awaitApplied}. Every few seconds, and as soon as a closed journal segment is wholly
 * applied, it runs {@code CHECKPOINT SYNC} and deletes the segments the checkpoint covers. If a
 * transaction fails (disk full, say), it is rolled back and retried with back-off; nothing
 * acknowledged is lost, because the journal keeps it, and a restart replays it.
 *
 * <p>The {@code documents} row of a document (version, length, update time, for the document
 * list) is brought up to date at most every {@value DocumentRows#FLUSH_MILLIS} ms, when idle,
 * and on request ({@link StoreWrite.Flush}); the op rows are the truth.
 *
 * <p>Thread-safety: {@link #enqueue} from the journal writer; {@link #appliedLsn},
 * {@link #awaitApplied} and {@link #awaitLagBelow} from any thread; {@link #apply} on one thread
 * at a time (the applier's, or the opening thread during replay, before it starts). The
 * {@link BatchTransaction} and the checkpoint state belong to that one thread.
 */
final class H2Applier implements Applier, Runnable {
    private static final Logger log = LoggerFactory.getLogger(H2Applier.class);
    private static final long CHECKPOINT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final BatchTransaction transaction;
    private final Journal journal;
    private final int maxBatch;
    private final LinkedBlockingQueue<JournalEntry> queue = new LinkedBlockingQueue<>();
    /** Work that must not run beside a commit (a backup), run by the applier between its transactions. */
    private final ApplierChores chores;

    private final Object progress = new Object();
    private final Thread thread;
    private final FaultLog faults = new FaultLog(log, "store: applying the journal", TimeUnit.SECONDS.toNanos(30));
    private final FaultLog idleFaults =
            new FaultLog(log, "store: updating document rows", TimeUnit.SECONDS.toNanos(30));
    private volatile boolean running = true;
    private volatile long appliedLsn;
    /** Why the last transaction failed, while it has not yet succeeded again. */
    private volatile String fault;

    private long checkpointedLsn;
    private long lastCheckpoint = System.nanoTime();

    H2Applier(Connection connection, Journal journal, long appliedLsn, int maxBatch) throws SQLException {
        this.transaction = new BatchTransaction(connection);
        this.journal = journal;
        this.maxBatch = maxBatch;
        this.appliedLsn = appliedLsn;
        this.checkpointedLsn = appliedLsn;
        this.thread = new Thread(this, "quire-h2-apply");
        this.chores = new ApplierChores(connection, thread);
        thread.setDaemon(true);
        // Without it the server would go on accepting ops that never reach the database.
        thread.setUncaughtExceptionHandler(FatalErrors.essential());
    }

    void start() {
        thread.start();
    }

    /** Whether the {@code quire-h2-apply} thread is running. */
    boolean isRunning() {
        return thread.isAlive();
    }

    /** Why records cannot be applied right now (they wait in the journal), or empty. */
    Optional<String> fault() {
        return Optional.ofNullable(fault);
    }

    @Override
    public long appliedLsn() {
        return appliedLsn;
    }

    @Override
    public void enqueue(List<JournalEntry> entries) {
        queue.addAll(entries);
    }

    /**
     * Waits until every record up to {@code lsn} is applied.
     *
     * @throws StorageException if that takes longer than {@code timeoutMillis}
     */
    void awaitApplied(long lsn, long timeoutMillis) {
        if (appliedLsn >= lsn) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (progress) {
            while (appliedLsn < lsn) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new StorageException("the database is " + (lsn - appliedLsn)
                            + " journal records behind; not applied within " + timeoutMillis + " ms");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("interrupted while waiting for the database");
                }
            }
        }
    }

    /** Blocks while more than {@code maxLag} records up to {@code journaledLsn} wait to be applied, or until stopped. */
    @Override
    public void awaitLagBelow(long journaledLsn, long maxLag) throws InterruptedException {
        if (journaledLsn - appliedLsn <= maxLag) {
            return;
        }
        synchronized (progress) {
            while (journaledLsn - appliedLsn > maxLag && running) {
                progress.wait(100);
            }
        }
    }

    /** Runs {@code chore} between two of the applier's transactions and waits for it ({@link ApplierChores#between}). */
    <T> T between(ApplierChores.Chore<T> chore, long timeoutMillis) {
        return chores.between(chore, timeoutMillis);
    }

    /** Runs {@code chore} between two of the applier's transactions, without waiting ({@link ApplierChores#later}). */
    <T> CompletableFuture<T> later(ApplierChores.Chore<T> chore) {
        return chores.later(chore);
    }

    /** Applies what is queued, checkpoints, and stops. */
    void stop() {
        running = false;
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        List<JournalEntry> batch = new ArrayList<>();
        long backoff = 100;
        while (running || !queue.isEmpty()) {
            try {
                chores.runAll();
                if (batch.isEmpty()) {
                    JournalEntry first = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        idle();
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                }
                apply(batch);
                batch.forEach(e -> {
                    if (e.write() instanceof StoreWrite.Flush f) {
                        f.complete();
                    }
                });
                batch.clear();
                backoff = 100;
                if (fault != null) {
                    fault = null;
                    faults.recovered();
                }
                if (journal.canDeleteThrough(appliedLsn) || System.nanoTime() - lastCheckpoint > CHECKPOINT_NANOS) {
                    checkpoint();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    log.error(
                            "store: could not apply {} journal records at shutdown; they stay in the journal"
                                    + " and are applied at the next start",
                            batch.size(),
                            e);
                    failFlushes(batch, e);
                    chores.cancelAll();
                    return;
                }
                fault = "cannot apply journal records to the database: " + e.getMessage();
                faults.fault(
                        e,
                        "store: could not apply " + batch.size() + " journal records to the database, retrying in "
                                + backoff + " ms (nothing acknowledged is lost: the journal holds them)");
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
        chores.runAll();
        try {
            transaction.flushRows();
            checkpoint();
        } catch (SQLException | RuntimeException e) {
            log.warn("store: final checkpoint failed ({}); the journal is replayed at the next start", e.toString());
        }
        chores.cancelAll();
    }

    private static void failFlushes(List<JournalEntry> batch, Exception e) {
        batch.forEach(x -> {
            if (x.write() instanceof StoreWrite.Flush f) {
                f.fail(new StorageException("store is closing: " + e.getMessage(), e));
            }
        });
    }

    private void idle() {
        try {
            if (transaction.rowsLagging()) {
                transaction.flushRows();
            }
            if (appliedLsn > checkpointedLsn && System.nanoTime() - lastCheckpoint > CHECKPOINT_NANOS) {
                checkpoint();
            }
            idleFaults.recovered();
        } catch (SQLException | RuntimeException e) {
            transaction.rollbackQuietly();
            // Tried again every 50 ms while idle: logged once per interval, not each time.
            idleFaults.fault(e, "store: could not update document rows or checkpoint (will retry)");
        }
    }

    /** Makes everything applied durable in the database file, then deletes the journal it covers. */
    private void checkpoint() throws SQLException {
        long lsn = appliedLsn;
        transaction.checkpoint();
        checkpointedLsn = lsn;
        lastCheckpoint = System.nanoTime();
        journal.deleteThrough(lsn);
    }

    /**
     * Applies the entries in one transaction (all or nothing) and publishes the new applied lsn.
     * Entries at or below the applied lsn (a replay overlapping what is applied) are skipped.
     */
    void apply(List<JournalEntry> batch) throws SQLException {
        long last = transaction.apply(batch, appliedLsn);
        synchronized (progress) {
            appliedLsn = last;
            progress.notifyAll();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
