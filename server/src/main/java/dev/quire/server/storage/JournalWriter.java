package dev.quire.server.storage;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot write path of {@link H2DocumentStore}: one thread takes whatever writes are waiting
 * (across all documents), checks each against the log ({@link JournalView}), encodes the
 * accepted ones into one buffer, appends it to the {@link Journal} in one write, and only then
 * completes their futures — group commit with one sequential write per group. The accepted
 * writes then go, in the same order, to the {@link H2Applier}, which puts them into the SQL tables
 * in large transactions, off the acknowledgement path.
 *
 * <p>A write that does not follow the log (an append whose version is not the document's last
 * + 1, or whose seq is not above its session's last seq) fails alone and changes nothing. If the
 * journal cannot be written, that group fails and so does every later write: the store is then
 * broken until restarted, and nothing acknowledged is lost.
 *
 * <p>Thread-safety: {@link #submit} and {@link #journaledLsn} from any thread; the rest runs on
 * the writer thread.
 */
final class JournalWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);

    private final Journal journal;
    private final JournalView view;
    private final H2Applier applier;
    private final int maxGroup;
    private final long maxLag;
    private final BlockingQueue<StoreWrite> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final JournalCodec.Sink sink = new JournalCodec.Sink();
    private volatile boolean running = true;
    private volatile long journaledLsn;
    private long nextLsn;
    private StorageException broken;

    /**
     * @param nextLsn the lsn of the first record this writer appends
     * @param maxLag  most records journaled but not yet applied; beyond it the writer waits
     */
    JournalWriter(Journal journal, JournalView view, H2Applier applier, long nextLsn, int maxGroup, long maxLag) {
        this.journal = journal;
        this.view = view;
        this.applier = applier;
        this.nextLsn = nextLsn;
        this.journaledLsn = nextLsn - 1;
        this.maxGroup = maxGroup;
        this.maxLag = maxLag;
        this.thread = new Thread(this, "quire-journal");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The lsn of the last record appended: every completed write is at or below it. */
    long journaledLsn() {
        return journaledLsn;
    }

    void submit(StoreWrite write) {
        if (!running) {
            write.fail(new StorageException("store is closed"));
            return;
        }
        queue.add(write);
    }

    /** Stops accepting writes, journals what is queued, waits. */
    void stop() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        List<StoreWrite> group = new ArrayList<>();
        List<JournalCodec.Entry> accepted = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                StoreWrite first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    view.forgetApplied(applier.appliedLsn());
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                applier.awaitLagBelow(journaledLsn, maxLag);
                writeGroup(group, accepted);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                log.error("journal writer: unexpected fault, failing {} writes", group.size(), e);
                broken = new StorageException("journal writer fault: " + e, e);
                group.forEach(w -> w.fail(broken));
            } finally {
                group.clear();
                accepted.clear();
            }
        }
        StoreWrite w;
        while ((w = queue.poll()) != null) {
            w.fail(new StorageException("store is closed"));
        }
    }

    private void writeGroup(List<StoreWrite> group, List<JournalCodec.Entry> accepted) {
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
                    accepted.add(new JournalCodec.Entry(nextLsn++, w));
                } else {
                    accepted.add(new JournalCodec.Entry(nextLsn - 1, w));
                }
            } catch (StorageException rejected) {
                w.fail(rejected);
            } catch (SQLException e) {
                w.fail(new StorageException("cannot check " + w + ": " + e.getMessage(), e));
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
        for (JournalCodec.Entry a : accepted) {
            if (!(a.write() instanceof StoreWrite.Flush)) {
                a.write().complete(); // a flush completes once the applier has run it
            }
        }
    }

    /**
     * Checks a write against the log and records its effect in the view.
     *
     * @return whether the write goes into the journal (a create of an existing document and a
     *     flush do not)
     * @throws StorageException if the write does not follow the log
     */
    private boolean check(StoreWrite w) throws SQLException {
        if (w instanceof StoreWrite.Append a) {
            OpRecord op = a.op();
            JournalView.Doc d = view.doc(op.docId());
            int last = Math.max(d.version, 0);
            if (op.version() != last + 1) {
                throw new StorageException("append of " + op.docId() + " version " + op.version()
                        + " does not follow version " + last);
            }
            if (op.hasSession()) {
                long lastSeq = view.lastSeq(op.docId(), d, op.session());
                if (op.seq() <= lastSeq) {
                    throw new StorageException("append of " + op.docId() + " seq " + op.seq() + " of session "
                            + op.session() + " is not above its last seq " + lastSeq);
                }
                d.lastSeq.put(op.session(), op.seq());
            }
            d.version = op.version();
            d.lastLsn = nextLsn;
            return true;
        }
        if (w instanceof StoreWrite.Create c) {
            JournalView.Doc d = view.doc(c.docId());
            if (d.version >= 0) {
                return false;
            }
            d.version = 0;
            d.fresh = true;
            d.lastSeq.clear();
            d.lastLsn = nextLsn;
            return true;
        }
        if (w instanceof StoreWrite.Delete del) {
            JournalView.Doc d = view.doc(del.docId());
            del.existed()[0] = d.version >= 0;
            d.version = -1;
            d.fresh = true;
            d.lastSeq.clear();
            d.lastLsn = nextLsn;
            return true;
        }
        return w instanceof StoreWrite.PutSnapshot;
    }
}
