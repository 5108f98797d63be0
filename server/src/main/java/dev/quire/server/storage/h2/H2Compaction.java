package dev.quire.server.storage.h2;

import dev.quire.server.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * The compaction of one document's op log in H2 ({@code DocumentStore.compact}, decision 029).
 * Every step runs on the applier's connection and thread, between two of its transactions
 * ({@link H2Applier#between}): only that thread writes H2's file (decision 030). Stateless.
 *
 * <p>It works on the document's number, read in the first step: a document deleted and created
 * again meanwhile has a new number, so a compaction that read the old one deletes nothing of the
 * new document. Ops are deleted in key ranges of {@value #CHUNK}, each its own transaction and its
 * own turn of the applier, so a long log never holds the applier for long.
 */
final class H2Compaction {
    static final int CHUNK = 10_000;

    private H2Compaction() {}

    /** Which ops of a document to delete: keys from {@code from} up to, not including, {@code to}. */
    private record Plan(long from, long to) {}

    static int compact(H2Applier applier, String docId, Instant before, long timeoutMillis) {
        try {
            Plan plan = applier.between(c -> plan(c, docId, before), timeoutMillis);
            int deleted = 0;
            for (long key = plan.from(); key < plan.to(); key += CHUNK) {
                long from = key;
                deleted += applier.between(c -> deleteRange(c, from, Math.min(from + CHUNK, plan.to())), timeoutMillis);
            }
            return deleted;
        } catch (StorageException e) {
            throw new StorageException("cannot compact the op log of " + docId + ": " + e.getMessage(), e);
        }
    }

    private static Plan plan(Connection c, String docId, Instant before) throws SQLException {
        try {
            OptionalInt no = H2Queries.docNo(c, docId);
            if (no.isEmpty()) {
                return new Plan(0, 0);
            }
            int docNo = no.getAsInt();
            int through = milestone(c, docId, docNo, before);
            return new Plan(oldestKey(c, docNo), H2Queries.opKey(docNo, through));
        } finally {
            c.rollback(); // read only: ends the transaction the reads opened
        }
    }

    private static int deleteRange(Connection c, long from, long to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ops WHERE op_key >= ? AND op_key < ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            int deleted = ps.executeUpdate();
            c.commit();
            return deleted;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
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
