package dev.quire.server.storage.journal;

import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of one group of writes, whoever writes it: each is checked against the log
 * ({@link JournalView}) and the accepted ones numbered, encoded into one buffer and appended to
 * the {@link Journal} in one write; then the journaled lsn is published, the accepted writes go,
 * in the same order, to the {@link Applier}, and only then do their futures complete. Who writes
 * a group, and when, is the {@link JournalWriter}'s business (decision 008); this is the log's
 * rule and its one sequential write (decision 006).
 *
 * <p>The rule: an append must follow its document's last version and its seq must be above its
 * session's last seq in that document; a create of an existing document is not journaled (it
 * completes, changing nothing); a delete is journaled and completes with whether the document
 * existed. A write that does not follow the log fails alone and changes nothing. If the journal
 * cannot be written for want of space (or another I/O error that left it intact), the group fails
 * as {@linkplain StorageException#unavailable unavailable}, its checks are taken back, and later
 * writes are refused at once until a retry with back-off ({@link SpaceWait}) finds room: the store
 * heals by itself. If the journal can no longer be trusted (a failed write could not be cut off,
 * an fsync failed), that group fails and so does every later write: the store is then broken
 * until restarted. Either way nothing acknowledged is lost.
 *
 * <p>Thread-safety: owned by one {@link JournalWriter}; {@link #write}, {@link #probeSpace} and
 * {@link #forgetApplied} only under the writer's lock (held by a submitting thread or by
 * {@code quire-journal}), which guards the buffer and the lsn, so futures complete in lsn order;
 * {@link #lastSeq} and {@link #journaledLsn} from any thread. The view, and the group between its
 * checks and their outcome, are guarded by the view's own monitor, which a writer does not hold
 * while the group is appended and flushed: {@link #lastSeq} answers during a flush (decision 047).
 */
final class GroupCommit {
    // The writer's category: what it logs is the writer's, as before the split.
    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);

    private final Journal journal;
    private final JournalView view;
    private final Applier applier;
    private final JournalCodec.Sink sink = new JournalCodec.Sink();
    private final List<JournalEntry> accepted = new ArrayList<>();
    /** Whether the document of each accepted delete of the group existed, decided when it was checked. */
    private final Map<StoreWrite.Delete, Boolean> existed = new IdentityHashMap<>();

    private volatile long journaledLsn;
    private long nextLsn;
    private volatile StorageException broken;
    private final SpaceWait space = new SpaceWait(log);
    /** What {@link #fault()} reports; written under the lock, read from any thread. */
    private volatile String fault;

    /**
     * @param heads   reads the head of a document the view does not remember from the database
     * @param nextLsn the lsn of the first record appended
     */
    GroupCommit(Journal journal, StoredHeads heads, Applier applier, long nextLsn) {
        this.journal = journal;
        this.view = new JournalView(heads);
        this.applier = applier;
        this.nextLsn = nextLsn;
        this.journaledLsn = nextLsn - 1;
    }

    /**
     * The lsn of the last record appended: every completed write is at or below it. Published
     * before the futures of its group complete, so a read after a completed write waits for it.
     */
    long journaledLsn() {
        return journaledLsn;
    }

    /**
     * The highest seq of (doc, session) in the view, or 0 if none; empty if the group being
     * written holds a write that may change it (an append of that session, a create or delete of
     * that document): only then must the caller wait for the group, under the writer's lock,
     * where this is never empty. Any thread; it waits only for a group's checks, not its flush.
     *
     * @throws StorageException if the journal could not be written (the view may then be ahead
     *     of it), or the database cannot be read
     */
    OptionalLong lastSeq(String docId, String session) {
        synchronized (view) {
            if (broken != null) {
                throw new StorageException("the journal cannot be written: " + broken.getMessage(), broken);
            }
            for (JournalEntry a : accepted) {
                if (changesLastSeq(a.write(), docId, session)) {
                    return OptionalLong.empty();
                }
            }
            JournalView.Doc d = view.doc(docId);
            return OptionalLong.of(d.exists() ? view.lastSeq(d, session) : 0);
        }
    }

    private static boolean changesLastSeq(StoreWrite w, String docId, String session) {
        if (w instanceof StoreWrite.Append a) {
            return a.op().docId().equals(docId) && a.op().session().equals(session);
        }
        return w instanceof StoreWrite.Create c && c.docId().equals(docId)
                || w instanceof StoreWrite.Delete d && d.docId().equals(docId);
    }

    /** Why writes are refused right now, or empty. Any thread. */
    Optional<String> fault() {
        return Optional.ofNullable(fault);
    }

    /**
     * While writes are refused for want of disk space and the back-off has passed, checks whether
     * a write would fit now; if so, writes are taken again. Under the writer's lock.
     */
    void probeSpace() {
        if (broken != null || fault == null || !space.dueForProbe()) {
            return;
        }
        try {
            journal.probe(SpaceWait.PROBE_BYTES);
            fault = null;
            space.recovered();
        } catch (Journal.UntrustedException e) {
            log.error("journal writer: cannot write the journal; the store refuses writes until restarted", e);
            broken = new StorageException("cannot write the journal: " + e.getMessage(), e);
            fault = broken.getMessage();
        } catch (IOException e) {
            fault = space.failed(e).getMessage();
        }
    }

    /** Lets the view forget documents whose records are all applied. Under the writer's lock. */
    void forgetApplied() {
        synchronized (view) {
            view.forgetApplied(applier.appliedLsn());
        }
    }

    /**
     * Journals a group of writes and completes (or fails) every one of them. Under the writer's
     * lock. The list is the caller's; it is not kept.
     */
    void write(List<StoreWrite> group) {
        try {
            writeGroup(group);
        } catch (RuntimeException e) {
            log.error("journal writer: unexpected fault, failing {} writes", group.size(), e);
            broken = new StorageException("journal writer fault: " + e, e);
            fault = broken.getMessage();
            group.forEach(x -> x.fail(broken));
        } finally {
            synchronized (view) {
                accepted.clear();
            }
            existed.clear();
        }
    }

    private void writeGroup(List<StoreWrite> group) {
        if (broken != null) {
            group.forEach(w -> w.fail(broken));
            return;
        }
        if (space.waiting()) {
            StorageException unavailable = space.refusal();
            group.forEach(w -> w.fail(unavailable));
            return;
        }
        sink.clear();
        long firstLsn = nextLsn;
        synchronized (view) {
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
        }
        if (sink.length() > 0) {
            try {
                // Without the view's monitor: lastSeq answers for the documents and sessions this
                // group leaves alone while it is written and flushed.
                journal.append(sink.bytes(), sink.length(), firstLsn);
            } catch (Journal.UntrustedException | RuntimeException e) {
                log.error("journal writer: cannot write the journal; the store refuses writes until restarted", e);
                broken = new StorageException("cannot write the journal: " + e.getMessage(), e);
                fault = broken.getMessage();
                accepted.forEach(a -> a.write().fail(broken));
                return;
            } catch (IOException e) {
                // A full disk, say: nothing of the group is in the journal. Take it back, refuse it,
                // and refuse writes until the disk has room again.
                synchronized (view) {
                    view.rollBack();
                }
                nextLsn = firstLsn;
                StorageException unavailable = space.failed(e);
                fault = unavailable.getMessage();
                accepted.forEach(a -> a.write().fail(unavailable));
                return;
            }
            synchronized (view) {
                view.keep();
            }
            if (fault != null && broken == null) {
                fault = null;
                space.recovered();
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
            view.appended(d, op, nextLsn);
            return true;
        }
        if (w instanceof StoreWrite.Create c) {
            JournalView.Doc d = view.doc(c.docId());
            if (d.exists()) {
                return false;
            }
            view.created(d, nextLsn);
            return true;
        }
        if (w instanceof StoreWrite.Delete del) {
            JournalView.Doc d = view.doc(del.docId());
            existed.put(del, d.exists());
            view.deleted(d, nextLsn);
            return true;
        }
        return w instanceof StoreWrite.PutSnapshot;
    }
}
