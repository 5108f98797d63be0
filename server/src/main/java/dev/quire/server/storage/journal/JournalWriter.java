package dev.quire.server.storage.journal;

import dev.quire.server.fatal.FatalErrors;
import dev.quire.server.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hot write path of a journaled store: whoever writes takes the writes that are waiting
 * (across all documents) and journals them as one group ({@link GroupCommit}: checked against the
 * log, appended to the {@link Journal} in one write, and only then completed) — group commit with
 * one sequential write per group. The accepted writes then go, in the same order, to the
 * {@link Applier}, which puts them into the database (H2's SQL tables) in large transactions, off
 * the acknowledgement path. This class decides who writes a group and when.
 *
 * <p>Who writes: without fsync, the submitting thread itself when the writer's lock is free
 * (leader/follower group commit). A thread that finds the lock taken leaves its write queued; the
 * holder writes it before letting go, since it loops until the queue is empty. An uncontended
 * write so costs no thread hand-off: the WebSocket I/O thread that read an op journals it and,
 * the future being complete on return, acknowledges it in the same turn. With
 * {@link Durability#FSYNC} and while the SQL tables lag by more than {@code maxLag} records, the
 * {@code quire-journal} thread writes instead, so no I/O thread waits for a disk flush or for the
 * applier.
 *
 * <p>A write that does not follow the log fails alone and changes nothing; if the journal cannot
 * be written for want of space, writes are refused as unavailable until a retry finds room (the
 * idle writer probes for it); so are they while the applier cannot apply records (its database
 * failed) and lags by {@code maxLag}; if the journal can no longer be trusted, the store is broken until restarted
 * (see {@link GroupCommit}).
 *
 * <p>Thread-safety: {@link #submit}, {@link #journaledLsn} and {@link #lastSeq} from any thread.
 * The writer's lock guards the {@link GroupCommit} (the buffer and the lsn; the view has its own
 * monitor, not held through a flush) and the group being collected; futures complete under it,
 * in lsn order.
 */
public final class JournalWriter {
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final GroupCommit commit;
    private final Applier applier;
    private final int maxGroup;
    private final long maxLag;
    private final boolean inline;
    private final Queue<StoreWrite> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();
    private final Thread thread;
    /** The writes of the group being written; guarded by {@link #writing}. */
    private final List<StoreWrite> group = new ArrayList<>();

    private volatile boolean running = true;

    /**
     * A writer appending to {@code journal} (whose {@link Durability} decides whether submitting
     * threads may write), not yet started.
     *
     * @param heads   reads the head of a document the writer does not remember from the database
     * @param nextLsn the lsn of the first record this writer appends
     * @param maxGroup most writes journaled in one group
     * @param maxLag  most records journaled but not yet applied; beyond it writes wait
     */
    public JournalWriter(Journal journal, StoredHeads heads, Applier applier, long nextLsn, int maxGroup, long maxLag) {
        this.commit = new GroupCommit(journal, heads, applier, nextLsn);
        this.applier = applier;
        this.maxGroup = maxGroup;
        this.maxLag = maxLag;
        // A submitting thread may write only when a write costs it no disk flush.
        this.inline = journal.durability() == Durability.WRITE;
        this.thread = new Thread(this::run, "quire-journal");
        thread.setDaemon(true);
        // Without it the server would go on accepting ops that never reach the database.
        thread.setUncaughtExceptionHandler(FatalErrors.essential());
    }

    /** Starts the {@code quire-journal} thread. */
    public void start() {
        thread.start();
    }

    /** Whether the {@code quire-journal} thread is running. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Why writes are refused right now (the journal cannot be written), or empty. */
    public Optional<String> fault() {
        return commit.fault();
    }

    /** The lsn of the last record appended: every completed write is at or below it. */
    public long journaledLsn() {
        return commit.journaledLsn();
    }

    /**
     * The highest seq of (doc, session) journaled, or 0 if none: read from the very head the
     * writer checks appends against, so it reflects every write whose future completed, without
     * waiting for the database to catch up. It does not wait for a group being flushed unless that
     * group holds an append of this session or a create or delete of this document (then it takes
     * the writer's lock, after the group: decision 047); reads the database (through
     * {@link StoredHeads}) only for a document the writer does not remember.
     *
     * @throws StorageException if the journal could not be written (the view may then be ahead
     *     of it), or the database cannot be read
     */
    public long lastSeq(String docId, String session) {
        OptionalLong now = commit.lastSeq(docId, session);
        if (now.isPresent()) {
            return now.getAsLong();
        }
        writing.lock();
        try {
            return commit.lastSeq(docId, session).orElseThrow(); // no group is being written
        } finally {
            writing.unlock();
        }
    }

    /**
     * Queues a write; when this thread may write, journals it (and whatever else waits) before
     * returning, so its future is complete on return.
     */
    public void submit(StoreWrite write) {
        if (!running) {
            write.fail(new StorageException("store is closed"));
            return;
        }
        queue.add(write);
        if (!inline || lagging()) {
            LockSupport.unpark(thread);
            return;
        }
        while (!queue.isEmpty() && writing.tryLock()) {
            try {
                if (lagging()) {
                    LockSupport.unpark(thread);
                    return;
                }
                writeQueued();
            } finally {
                writing.unlock();
            }
        }
    }

    private boolean lagging() {
        return commit.journaledLsn() - applier.appliedLsn() > maxLag;
    }

    /** Stops accepting writes, journals what is queued, waits. */
    public void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The writer thread: writes when woken (fsync, lag) and, as a safety net, every 50 ms; when
     * idle, probes for disk space while writes are refused for want of it.
     */
    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                if (queue.isEmpty()) {
                    LockSupport.parkNanos(this, IDLE_NANOS);
                    if (queue.isEmpty()) {
                        if (writing.tryLock()) {
                            try {
                                commit.forgetApplied();
                                commit.probeSpace();
                            } finally {
                                writing.unlock();
                            }
                        }
                        continue;
                    }
                }
                applier.awaitLagBelow(commit.journaledLsn(), maxLag);
                writing.lock();
                try {
                    Optional<String> fault = applier.fault();
                    if (lagging() && fault.isPresent()) {
                        refuseQueued(fault.get()); // the lag stays bounded while the database fails
                    } else {
                        writeQueued();
                    }
                } finally {
                    writing.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
        writing.lock();
        try {
            StoreWrite w;
            while ((w = queue.poll()) != null) {
                w.fail(new StorageException("store is closed"));
            }
        } finally {
            writing.unlock();
        }
    }

    /** Fails every queued write as unavailable: nothing of them is journaled. Holds the lock. */
    private void refuseQueued(String why) {
        StorageException refusal = StorageException.unavailable(
                "the journal is " + maxLag + " records ahead of a database that fails: " + why, null);
        StoreWrite w;
        while ((w = queue.poll()) != null) {
            w.fail(refusal);
        }
    }

    /** Writes up to {@code maxGroup} queued writes as one group. Holds the lock. */
    private void writeQueued() {
        StoreWrite w;
        while (group.size() < maxGroup && (w = queue.poll()) != null) {
            group.add(w);
        }
        if (group.isEmpty()) {
            return;
        }
        try {
            commit.write(group);
        } finally {
            group.clear();
        }
    }
}
