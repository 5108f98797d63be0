package dev.quire.server.storage.journal;

import dev.quire.server.storage.OpRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The head of each document the journal writer wrote (or was asked about) since start: whether
 * it exists, its last version and each session's last seq — enough to refuse an append that does
 * not follow the log before the append is journaled (and so acknowledged). It is the store's one
 * view of a document's head: {@link JournalWriter#lastSeq} answers from it too, so a reader and
 * the check see the same facts. A document it does not
 * remember is read from the database ({@link StoredHeads}), which then holds all of that
 * document's records: it is either untouched since the journal was replayed at start, or it was
 * forgotten only after its last record had been applied ({@link #forgetApplied}).
 *
 * <p>Owned by the journal writer's {@link GroupCommit}; touched only under its monitor (the
 * GroupCommit's {@code synchronized (view)}); not thread-safe.
 */
final class JournalView {
    /** Above this many remembered documents, those fully applied are forgotten. */
    static final int MAX_REMEMBERED = 20_000;

    /** One document as the journal sees it. */
    static final class Doc {
        /** The last version, or -1 if the document does not exist. */
        private int version;
        /**
         * The database's document while its rows there still count; empty if the database holds
         * none, or once the document was created or deleted here.
         */
        private Optional<StoredHeads.Head> stored;

        private final Map<String, Long> lastSeq = new HashMap<>();
        private long lastLsn;

        private Doc(Optional<StoredHeads.Head> stored) {
            this.stored = stored;
            this.version = stored.map(StoredHeads.Head::version).orElse(-1);
        }

        /** The last version, or -1 if the document does not exist. */
        int version() {
            return version;
        }

        boolean exists() {
            return version >= 0;
        }

        /** The append of {@code op} was accepted as record {@code lsn}; {@code undo} can take it back. */
        void appended(OpRecord op, long lsn, List<Runnable> undo) {
            int oldVersion = version;
            long oldLsn = lastLsn;
            if (op.hasSession()) {
                String session = op.session();
                Long oldSeq = lastSeq.put(session, op.seq());
                undo.add(() -> {
                    if (oldSeq == null) {
                        lastSeq.remove(session);
                    } else {
                        lastSeq.put(session, oldSeq);
                    }
                });
            }
            undo.add(() -> {
                version = oldVersion;
                lastLsn = oldLsn;
            });
            version = op.version();
            lastLsn = lsn;
        }

        /** The document was created (at version 0) by record {@code lsn}. */
        void created(long lsn, List<Runnable> undo) {
            restart(0, lsn, undo);
        }

        /** The document was deleted by record {@code lsn}. */
        void deleted(long lsn, List<Runnable> undo) {
            restart(-1, lsn, undo);
        }

        private void restart(int newVersion, long lsn, List<Runnable> undo) {
            int oldVersion = version;
            Optional<StoredHeads.Head> oldStored = stored;
            Map<String, Long> oldSeqs = new HashMap<>(lastSeq);
            long oldLsn = lastLsn;
            undo.add(() -> {
                version = oldVersion;
                stored = oldStored;
                lastSeq.clear();
                lastSeq.putAll(oldSeqs);
                lastLsn = oldLsn;
            });
            version = newVersion;
            stored = Optional.empty();
            lastSeq.clear();
            lastLsn = lsn;
        }
    }

    private final StoredHeads heads;
    private final Map<String, Doc> docs = new HashMap<>();
    /** How to take back the changes of the group being checked, in the order they were made. */
    private final List<Runnable> undo = new ArrayList<>();

    JournalView(StoredHeads heads) {
        this.heads = heads;
    }

    /** The document, read from the database the first time it is asked for. */
    Doc doc(String docId) {
        Doc d = docs.get(docId);
        if (d == null) {
            d = new Doc(heads.find(docId));
            docs.put(docId, d);
        }
        return d;
    }

    /** Records {@code op} as accepted at {@code lsn}, until {@link #rollBack()}. */
    void appended(Doc d, OpRecord op, long lsn) {
        d.appended(op, lsn, undo);
    }

    void created(Doc d, long lsn) {
        d.created(lsn, undo);
    }

    void deleted(Doc d, long lsn) {
        d.deleted(lsn, undo);
    }

    /** The group's changes are in the journal: they can no longer be taken back. */
    void keep() {
        undo.clear();
    }

    /** Takes back every change since {@link #keep()}: the group was not written. */
    void rollBack() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).run();
        }
        undo.clear();
    }

    /** The session's last seq in the document (0 if none). */
    long lastSeq(Doc d, String session) {
        Long known = d.lastSeq.get(session);
        if (known != null) {
            return known;
        }
        long last = d.version > 0 && d.stored.isPresent() ? d.stored.get().lastSeq(session) : 0;
        d.lastSeq.put(session, last);
        return last;
    }

    /** Forgets documents whose records are all applied, once more than {@link #MAX_REMEMBERED} are remembered. */
    void forgetApplied(long appliedLsn) {
        if (docs.size() <= MAX_REMEMBERED) {
            return;
        }
        for (Iterator<Doc> it = docs.values().iterator(); it.hasNext(); ) {
            if (it.next().lastLsn <= appliedLsn) {
                it.remove();
            }
        }
    }
}
