package dev.quire.server.storage.journal;

import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot write path of a journaled store: whoever writes takes the writes that are waiting
 * (across all documents), checks each against the log ({@link JournalView}), encodes the
 * accepted ones into one buffer, appends it to the {@link Journal} in one write, and only then
 * completes their futures — group commit with one sequential write per group. The accepted
 * writes then go, in the same order, to the {@link Applier}, which puts them into the database
 * (H2's SQL tables) in large transactions, off the acknowledgement path.
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
 * <p>A write that does not follow the log (an append whose version is not the document's last
 * + 1, or whose seq is not above its session's last seq) fails alone and changes nothing. If the
 * journal cannot be written, that group fails and so does every later write: the store is then
 * broken until restarted, and nothing acknowledged is lost.
 *
 * <p>Thread-safety: {@link #submit}, {@link #journaledLsn} and {@link #lastSeq} from any thread; the view, the
 * buffer and the lsn are guarded by the writer's lock, and futures complete under it, in lsn
 * order.
 */
public final class JournalWriter {
    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Journal journal;
    private final JournalView view;
    private final Applier applier;
    private final int maxGroup;
    private final long maxLag;
    private final boolean inline;
    private final Queue<StoreWrite> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();
    private final Thread thread;
    /** Guarded by {@link #writing}. */
    private final JournalCodec.Sink sink = new JournalCodec.Sink();

    private final List<StoreWrite> group = new ArrayList<>();
    private final List<JournalEntry> accepted = new ArrayList<>();
    /** Whether the document of each accepted delete of the group existed, decided when it was checked. */
    private final Map<StoreWrite.Delete, Boolean> existed = new IdentityHashMap<>();

    private volatile boolean running = true;
    private volatile long journaledLsn;
    private long nextLsn;
    private StorageException broken;

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
        this.journal = journal;
        this.view = new JournalView(heads);
        this.applier = applier;
        this.nextLsn = nextLsn;
        this.journaledLsn = nextLsn - 1;
        this.maxGroup = maxGroup;
        this.maxLag = maxLag;
        // A submitting thread may write only when a write costs it no disk flush.
        this.inline = journal.durability() == Durability.WRITE;
        this.thread = new Thread(this::run, "quire-journal");
        thread.setDaemon(true);
    }

    /** Starts the {@code quire-journal} thread. */
    public void start() {
        thread.start();
    }

    /** The lsn of the last record appended: every completed write is at or below it. */
    public long journaledLsn() {
        return journaledLsn;
    }

    /**
     * The highest seq of (doc, session) journaled, or 0 if none: read from the very head the
     * writer checks appends against, so it reflects every write whose future completed, without
     * waiting for the database to catch up. Takes the writer's lock; reads the database (through
     * {@link StoredHeads}) only for a document the writer does not remember.
     *
     * @throws StorageException if the journal could not be written (the view may then be ahead
     *     of it), or the database cannot be read
     */
    public long lastSeq(String docId, String session) {
        writing.lock();
        try {
            if (broken != null) {
                throw new StorageException("the journal cannot be written: " + broken.getMessage(), broken);
            }
            JournalView.Doc d = view.doc(docId);
            return d.exists() ? view.lastSeq(d, session) : 0;
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
        return journaledLsn - applier.appliedLsn() > maxLag;
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

    /** The writer thread: writes when woken (fsync, lag) and, as a safety net, every 50 ms. */
    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                if (queue.isEmpty()) {
                    LockSupport.parkNanos(this, IDLE_NANOS);
                    if (queue.isEmpty()) {
                        if (writing.tryLock()) {
                            try {
                                view.forgetApplied(applier.appliedLsn());
                            } finally {
                                writing.unlock();
                            }
                        }
                        continue;
                    }
                }
                applier.awaitLagBelow(journaledLsn, maxLag);
                writing.lock();
                try {
                    writeQueued();
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
            writeGroup(group, accepted);
        } catch (RuntimeException e) {
            log.error("journal writer: unexpected fault, failing {} writes", group.size(), e);
            broken = new StorageException("journal writer fault: " + e, e);
            group.forEach(x -> x.fail(broken));
        } finally {
            group.clear();
            accepted.clear();
            existed.clear();
        }
    }

    private void writeGroup(List<StoreWrite> group, List<JournalEntry> accepted) {
        if (broken != null) {
            group.forEach(w -> w.fail(broken));
            return;
        }
        sink.clear();
        long firstLsn = nextLsn;
        for (StoreWrite w : group) {
            try {
                if (check(w)) {
                    JournalCodec.encode(nextLsn, w, sink);
                    accepted.add(new JournalEntry(nextLsn++, w));
                } else {
                    accepted.add(new JournalEntry(nextLsn - 1, w));
                }
            } catch (StorageException rejected) {
                w.fail(rejected); // it does not follow the log, or its document could not be read
            }
        }
        if (sink.length() > 0) {
            try {
                journal.append(sink.bytes(), sink.length(), firstLsn);
            } catch (IOException | RuntimeException e) {
                log.error("journal writer: cannot write the journal; the store refuses writes until restarted", e);
                broken = new StorageException("cannot write the journal: " + e.getMessage(), e);
                accepted.forEach(a -> a.write().fail(broken));
                return;
            }
        }
        journaledLsn = nextLsn - 1;
        applier.enqueue(accepted);
        for (JournalEntry a : accepted) {
            StoreWrite w = a.write();
            if (w instanceof StoreWrite.Delete d) {
                d.done().complete(existed.get(d));
            } else if (w instanceof StoreWrite.WithoutResult r && !(w instanceof StoreWrite.Flush)) {
                r.complete(); // a flush completes once the applier has run it
            }
        }
    }

    /**
     * Checks a write against the log and records its effect in the view.
     *
     * @return whether the write goes into the journal (a create of an existing document and a
     *     flush do not)
     * @throws StorageException if the write does not follow the log or its document cannot be read
     */
    private boolean check(StoreWrite w) {
        if (w instanceof StoreWrite.Append a) {
            OpRecord op = a.op();
            JournalView.Doc d = view.doc(op.docId());
            int last = Math.max(d.version(), 0);
            if (op.version() != last + 1) {
                throw new StorageException(
                        "append of " + op.docId() + " version " + op.version() + " does not follow version " + last);
            }
            if (op.hasSession()) {
                long lastSeq = view.lastSeq(d, op.session());
                if (op.seq() <= lastSeq) {
                    throw new StorageException("append of " + op.docId() + " seq " + op.seq() + " of session "
                            + op.session() + " is not above its last seq " + lastSeq);
                }
            }
            d.appended(op, nextLsn);
            return true;
        }
        if (w instanceof StoreWrite.Create c) {
            JournalView.Doc d = view.doc(c.docId());
            if (d.exists()) {
                return false;
            }
            d.created(nextLsn);
            return true;
        }
        if (w instanceof StoreWrite.Delete del) {
            JournalView.Doc d = view.doc(del.docId());
            existed.put(del, d.exists());
            d.deleted(nextLsn);
            return true;
        }
        return w instanceof StoreWrite.PutSnapshot;
    }
}
