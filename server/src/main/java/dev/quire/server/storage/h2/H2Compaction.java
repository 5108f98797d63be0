package dev.quire.server.storage.h2;

import dev.quire.server.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.OptionalInt;
import javax.sql.DataSource;

/**
 * The compaction of one document's op log in H2 ({@code DocumentStore.compact}, decision 029), on
 * a connection of its own, beside the applier. Stateless.
 *
 * <p>It takes no lock on the documents row (the applier would wait for it and could time out):
 * it works on the document's number instead. A document deleted and created again meanwhile has a
 * new number, so a compaction that read the old one deletes nothing of the new document. Ops are
 * deleted in key ranges of {@value #CHUNK} committed one by one, so a long log never holds row
 * locks for long (a concurrent delete of the document waits at most one chunk).
 */
final class H2Compaction {
    static final int CHUNK = 10_000;

    private H2Compaction() {}

    static int compact(DataSource dataSource, String docId, Instant before) {
        try (Connection c = dataSource.getConnection()) {
            OptionalInt no = H2Queries.docNo(c, docId);
            if (no.isEmpty()) {
                return 0;
            }
            int docNo = no.getAsInt();
            int through = milestone(c, docId, docNo, before);
            int deleted = 0;
            for (long key = oldestKey(c, docNo); key < H2Queries.opKey(docNo, through); key += CHUNK) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM ops WHERE op_key >= ? AND op_key < ?")) {
                    ps.setLong(1, key);
                    ps.setLong(2, Math.min(key + CHUNK, H2Queries.opKey(docNo, through)));
                    deleted += ps.executeUpdate();
                }
            }
            return deleted;
        } catch (SQLException e) {
            throw new StorageException("cannot compact the op log of " + docId + ": " + e.getMessage(), e);
        }
    }

    /** The newest snapshot version produced by an op older than {@code before}, or 0. */
    private static int milestone(Connection c, String docId, int docNo, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(s.version) FROM snapshots s"
                + " JOIN ops o ON o.op_key = CAST(? AS BIGINT) + s.version WHERE s.doc_id = ? AND o.created < ?")) {
            ps.setLong(1, H2Queries.firstKey(docNo));
            ps.setString(2, docId);
            ps.setObject(3, H2Queries.utc(before));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** The key of the document's oldest op, or the end of its range when it has none. */
    private static long oldestKey(Connection c, int docNo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(op_key) FROM ops WHERE op_key > ? AND op_key < ?")) {
            ps.setLong(1, H2Queries.firstKey(docNo));
            ps.setLong(2, H2Queries.firstKey(docNo + 1));
            try (ResultSet rs = ps.executeQuery()) {
                long min = rs.next() ? rs.getLong(1) : 0;
                return min == 0 ? H2Queries.firstKey(docNo + 1) : min;
            }
        }
    }
}
