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
 * acknowledged is lost, because the journal keeps it, and a restart replays it. If H2 closed its
 * database because a write of its file failed, the applier reopens it ({@link #heal}, with
 * {@link H2Reopen}), retrying with back-off until the disk has room again; meanwhile records wait
 * in its queue, and reads, chores and (beyond the lag bound) writes are refused as unavailable.
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

    /** On the applier's connection; replaced when the database is reopened. */
    private BatchTransaction transaction;

    private final Journal journal;
    private final int maxBatch;
    private final LinkedBlockingQueue<JournalEntry> queue = new LinkedBlockingQueue<>();
    /** Work that must not run beside a commit (a backup), run by the applier between its transactions. */
    private final ApplierChores chores;

    /** How far it got, its fault, and whether the database is being reopened: what other threads wait on. */
    private final ApplierProgress progress;

    private final Thread thread;
    private final FaultLog faults = new FaultLog(log, "store: applying the journal", TimeUnit.SECONDS.toNanos(30));
    private final FaultLog idleFaults =
            new FaultLog(log, "store: updating document rows", TimeUnit.SECONDS.toNanos(30));
    private final FaultLog reopenFaults =
            new FaultLog(log, "store: reopening the database", TimeUnit.SECONDS.toNanos(30));
    /** Reopens the database after H2 closed it (set before the thread starts). */
    private H2Reopen reopen;

    private volatile boolean running = true;

    private long checkpointedLsn;
    private long lastCheckpoint = System.nanoTime();

    H2Applier(Connection connection, Journal journal, long appliedLsn, int maxBatch) throws SQLException {
        this.transaction = new BatchTransaction(connection);
        this.journal = journal;
        this.maxBatch = maxBatch;
        this.progress = new ApplierProgress(appliedLsn);
        this.checkpointedLsn = appliedLsn;
        this.thread = new Thread(this, "quire-h2-apply");
        this.chores = new ApplierChores(connection, thread);
        thread.setDaemon(true);
        // Without it the server would go on accepting ops that never reach the database.
        thread.setUncaughtExceptionHandler(FatalErrors.essential());
    }

    /** Starts the thread; {@code reopen} opens the database again if H2 closes it after a failed write. */
    void start(H2Reopen reopen) {
        this.reopen = reopen;
        thread.start();
    }

    /** Whether the {@code quire-h2-apply} thread is running. */
    boolean isRunning() {
        return thread.isAlive();
    }

    /** Why records cannot be applied right now (they wait in the journal), or empty. */
    @Override
    public Optional<String> fault() {
        return progress.fault();
    }

    @Override
    public long appliedLsn() {
        return progress.appliedLsn();
    }

    @Override
    public void enqueue(List<JournalEntry> entries) {
        queue.addAll(entries);
    }

    /** Waits until every record up to {@code lsn} is applied ({@link ApplierProgress#awaitApplied}). */
    void awaitApplied(long lsn, long timeoutMillis) {
        progress.awaitApplied(lsn, timeoutMillis);
    }

    /** Blocks while the records to apply exceed {@code maxLag} ({@link ApplierProgress#awaitLagBelow}). */
    @Override
    public void awaitLagBelow(long journaledLsn, long maxLag) throws InterruptedException {
        progress.awaitLagBelow(journaledLsn, maxLag);
    }

    /** Runs {@code chore} between two of the applier's transactions and waits for it ({@link ApplierChores#between}). */
    <T> T between(ApplierChores.Chore<T> chore, long timeoutMillis) {
        return chores.between(chore, timeoutMillis);
    }

    /** Runs {@code chore} between two of the applier's transactions, without waiting ({@link ApplierChores#later}). */
    <T> CompletableFuture<T> later(ApplierChores.Chore<T> chore) {
        return chores.later(chore);
    }

    /** Applies what is queued, checkpoints, stops, and closes its connection. */
    void stop() {
        running = false;
        progress.stopped();
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        H2Readers.quietly(transaction.connection());
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
                if (progress.fault().isPresent()) {
                    progress.cleared();
                    faults.recovered();
                }
                if (journal.canDeleteThrough(progress.appliedLsn())
                        || System.nanoTime() - lastCheckpoint > CHECKPOINT_NANOS) {
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
                if (databaseClosed()) {
                    heal(e);
                    continue;
                }
                progress.faulted("cannot apply journal records to the database: " + e.getMessage(), false);
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
            if (progress.appliedLsn() > checkpointedLsn && System.nanoTime() - lastCheckpoint > CHECKPOINT_NANOS) {
                checkpoint();
            }
            idleFaults.recovered();
        } catch (SQLException | RuntimeException e) {
            if (databaseClosed()) {
                heal(e);
                return;
            }
            transaction.rollbackQuietly();
            // Tried again every 50 ms while idle: logged once per interval, not each time.
            idleFaults.fault(e, "store: could not update document rows or checkpoint (will retry)");
        }
    }

    /** Whether H2 closed the applier's database (after a failed write of its file, say). */
    private boolean databaseClosed() {
        return reopen != null && !transaction.databaseOpen();
    }

    /**
     * Reopens the database H2 closed ({@link H2Reopen}), trying again with back-off (100 ms doubling
     * to 5 s) until it is open and up to {@link #appliedLsn} again, or the store stops. Records wait
     * in the queue meanwhile; reads and chores are refused as unavailable, and so are writes once the
     * journal lags by its bound. Logged once per 30 s with a count ({@link FaultLog}), the recovery once.
     */
    private void heal(Exception first) {
        String why = "storage unavailable: the database closed after a failed write (" + first.getMessage()
                + "); reopening it";
        progress.faulted(why, true); // waiting reads fail now, the journal writer stops waiting
        StorageException refusal = StorageException.unavailable(why, first);
        long backoff = 100;
        Exception cause = first;
        while (running) {
            reopenFaults.fault(
                    cause,
                    "store: the database closed after a failed write of its file; reopening it in " + backoff
                            + " ms and applying the journal to it again (nothing acknowledged is lost: the"
                            + " journal holds it)");
            chores.refuseAll(refusal);
            sleep(backoff);
            try {
                long applied = progress.appliedLsn();
                transaction = reopen.reopen(transaction.connection(), applied);
                chores.use(transaction.connection());
                checkpointedLsn = applied;
                lastCheckpoint = System.nanoTime();
                journal.deleteThrough(applied);
                progress.cleared();
                reopenFaults.recovered();
                faults.recovered();
                idleFaults.recovered();
                return;
            } catch (SQLException | java.io.IOException | RuntimeException e) {
                cause = e;
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /** Makes everything applied durable in the database file, then deletes the journal it covers. */
    private void checkpoint() throws SQLException {
        long lsn = progress.appliedLsn();
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
        progress.applied(transaction.apply(batch, progress.appliedLsn()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
