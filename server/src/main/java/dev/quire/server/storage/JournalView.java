package dev.quire.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

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
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT (SELECT COUNT(*) FROM documents WHERE id = ?), (SELECT MAX(version) FROM ops WHERE doc_id = ?)")) {
            ps.setString(1, docId);
            ps.setString(2, docId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                d.version = rs.getInt(1) == 0 ? -1 : rs.getInt(2);
            }
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
        if (!d.fresh && d.version > 0) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT MAX(seq) FROM ops WHERE doc_id = ? AND session_id = ?")) {
                ps.setString(1, docId);
                ps.setString(2, session);
                try (ResultSet rs = ps.executeQuery()) {
                    last = rs.next() ? rs.getLong(1) : 0;
                }
            }
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
