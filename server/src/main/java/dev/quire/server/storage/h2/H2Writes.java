package dev.quire.server.storage.h2;

import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * The SQL writes of {@link H2Applier} (through {@link BatchTransaction}) to the op, snapshot, document and journal-state tables, on
 * the connection (and inside the transaction) it hands in. Stateless.
 */
final class H2Writes {
    /** Longest op text kept in the VARCHAR column; longer ones go to the CLOB column. */
    static final int MAX_INLINE_OP = 1_000_000;

    /** The insert {@link #bindOp} binds. */
    static final String INSERT_OP =
            "INSERT INTO ops (op_key, doc_no, version, op_json, op_json_large, doc_length, base_version,"
                    + " submit_hash, session_id, seq, client_id, author, created)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private H2Writes() {}

    /** Binds the op row of {@code op} in document number {@code docNo} to {@link #INSERT_OP}. */
    static void bindOp(PreparedStatement ps, int docNo, OpRecord op, int lengthAfter) throws SQLException {
        ps.setLong(1, H2Queries.opKey(docNo, op.version()));
        ps.setInt(2, docNo);
        ps.setInt(3, op.version());
        if (op.opJson().length() <= MAX_INLINE_OP) {
            ps.setString(4, op.opJson());
            ps.setNull(5, Types.CLOB);
        } else {
            ps.setNull(4, Types.VARCHAR);
            ps.setString(5, op.opJson());
        }
        ps.setInt(6, lengthAfter);
        ps.setInt(7, op.baseVersion());
        ps.setLong(8, op.submitHash());
        if (op.hasSession()) {
            ps.setString(9, op.session());
            ps.setLong(10, op.seq());
        } else {
            ps.setNull(9, Types.VARCHAR);
            ps.setNull(10, Types.BIGINT);
        }
        ps.setString(11, op.clientId());
        ps.setString(12, op.author());
        ps.setObject(13, H2Queries.utc(op.time()));
    }

    /** Stores a snapshot unless one of the same (doc, version) is stored. */
    static void insertSnapshotIfAbsent(Connection c, Snapshot s, Instant time) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO snapshots (doc_id, version, content, created, authorship) SELECT ?, ?, ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM snapshots WHERE doc_id = ? AND version = ?)")) {
            ps.setString(1, s.docId());
            ps.setInt(2, s.version());
            ps.setString(3, s.content());
            ps.setObject(4, H2Queries.utc(time));
            ps.setString(5, s.authorship().isEmpty() ? null : s.authorship());
            ps.setString(6, s.docId());
            ps.setInt(7, s.version());
            ps.executeUpdate();
        }
    }

    /** Deletes a document's ops (when it has a number), snapshots and documents row. */
    static void deleteDocument(Connection c, String docId, OptionalInt docNo) throws SQLException {
        if (docNo.isPresent()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ops WHERE op_key > ? AND op_key < ?")) {
                ps.setLong(1, H2Queries.firstKey(docNo.getAsInt()));
                ps.setLong(2, H2Queries.firstKey(docNo.getAsInt() + 1));
                ps.executeUpdate();
            }
        }
        for (String sql : List.of(
                "DELETE FROM snapshots WHERE doc_id = ?",
                "DELETE FROM named_versions WHERE doc_id = ?",
                "DELETE FROM documents WHERE id = ?")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, docId);
                ps.executeUpdate();
            }
        }
    }

    /** Records that the database holds every journal record up to {@code lsn}. */
    static void recordApplied(Connection c, long lsn) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE journal_state SET applied_lsn = ?")) {
            ps.setLong(1, lsn);
            ps.executeUpdate();
        }
    }
}
