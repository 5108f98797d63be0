package dev.quire.server.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What the journal writer knows of each document it wrote since start: whether it exists, its
 * last version and each session's last seq — enough to refuse an append that does not follow
 * the log before the append is journaled (and so acknowledged). A document it does not
 * remember is read from the database, which then holds all of that document's records: it is
 * either untouched since the journal was replayed at start, or it was forgotten only after its
 * last record had been applied ({@link #forgetApplied}).
 *
 * <p>Owned by the journal writer thread; not thread-safe.
 */
final class JournalView {
    /** Above this many remembered documents, those fully applied are forgotten. */
    static final int MAX_REMEMBERED = 20_000;

    /** One document as the journal sees it. */
    static final class Doc {
        /** The last version, or -1 if the document does not exist. */
        int version;
        /** True once the database rows of this document no longer matter (created or deleted here). */
        boolean fresh;
        /** The database's number for the document, when it was read from there (-1 otherwise). */
        int docNo = -1;

        final Map<String, Long> lastSeq = new HashMap<>();
        long lastLsn;
    }

    private final Connection connection;
    private final Map<String, Doc> docs = new HashMap<>();

    JournalView(Connection connection) {
        this.connection = connection;
    }

    Doc doc(String docId) throws SQLException {
        Doc d = docs.get(docId);
        if (d != null) {
            return d;
        }
        d = new Doc();
        OptionalInt no = H2Queries.docNo(connection, docId);
        if (no.isEmpty()) {
            d.version = -1;
        } else {
            d.docNo = no.getAsInt();
            d.version = H2Queries.newestOp(connection, docId, d.docNo)
                    .map(DocumentInfo::version)
                    .orElse(0);
        }
        docs.put(docId, d);
        return d;
    }

    /** The session's last seq in the document (0 if none). */
    long lastSeq(String docId, Doc d, String session) throws SQLException {
        Long known = d.lastSeq.get(session);
        if (known != null) {
            return known;
        }
        long last = 0;
        if (!d.fresh && d.version > 0 && d.docNo >= 0) {
            last = H2Queries.lastSeq(connection, d.docNo, session);
        }
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
