package dev.quire.server.storage.pg;

import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.journal.StoreWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last seq of each (document, session) one {@link PgBatch} appends to: as committed, read for
 * all of them in one round trip when the batch has locked its documents' rows ({@link #read}), then
 * as the batch's own appends raise it. A document deleted in the batch leaves it ({@link #forget}):
 * its seqs are read again, one by one, from what the transaction sees.
 *
 * <p>Used by the writer's thread only, for one batch.
 */
final class PgSeqs {
    private final Connection connection;
    /** The last seq the batch appended, by {@link #key}. */
    private final Map<String, Long> inBatch = new HashMap<>();
    /** The last committed seq, by {@link #key}, as read under the batch's locks. */
    private final Map<String, Long> stored = new HashMap<>();

    PgSeqs(Connection connection) {
        this.connection = connection;
    }

    /**
     * Reads the last seq of every (document, session) the batch appends to in one round trip,
     * under the locks just taken on those documents' rows (so no other node adds to them until the
     * commit). One {@code MAX(seq)} lookup per session per batch was half of a batch's time with a
     * hundred documents ({@code docs/performance.md}, "ShareDB side by side").
     */
    void read(List<StoreWrite> writes) throws SQLException {
        Map<String, String[]> keys = new LinkedHashMap<>();
        for (StoreWrite w : writes) {
            if (w instanceof StoreWrite.Append a && a.op().hasSession()) {
                keys.putIfAbsent(key(a.op()), new String[] {a.op().docId(), a.op().session()});
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        String[] docIds = keys.values().stream().map(k -> k[0]).toArray(String[]::new);
        String[] sessions = keys.values().stream().map(k -> k[1]).toArray(String[]::new);
        try (PreparedStatement ps = connection.prepareStatement("SELECT k.doc_id, k.session_id,"
                + " (SELECT MAX(o.seq) FROM ops o WHERE o.doc_id = k.doc_id COLLATE \"C\""
                + " AND o.session_id = k.session_id)"
                + " FROM unnest(?::varchar[], ?::varchar[]) AS k(doc_id, session_id)")) {
            ps.setArray(1, connection.createArrayOf("varchar", docIds));
            ps.setArray(2, connection.createArrayOf("varchar", sessions));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1) + "\n" + rs.getString(2), rs.getLong(3));
                }
            }
        }
    }

    /** The last seq of {@code op}'s session in its document: the batch's, else the committed one. */
    long last(OpRecord op) throws SQLException {
        String key = key(op);
        Long appended = inBatch.get(key);
        Long committed = stored.get(key);
        return appended != null
                ? appended
                : committed != null ? committed : PgQueries.lastSeq(connection, op.docId(), op.session());
    }

    /** The batch appends {@code op}: its seq is now the last of its session. */
    void appended(OpRecord op) {
        inBatch.put(key(op), op.seq());
    }

    /** The batch deleted {@code docId}: its seqs are read afresh. */
    void forget(String docId) {
        inBatch.keySet().removeIf(k -> k.startsWith(docId + "\n"));
        stored.keySet().removeIf(k -> k.startsWith(docId + "\n"));
    }

    private static String key(OpRecord op) {
        return op.docId() + "\n" + op.session();
    }
}
