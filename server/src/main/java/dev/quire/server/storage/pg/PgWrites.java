package dev.quire.server.storage.pg;

import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Map;

/** The SQL writes of {@link PgBatch}, on the connection (and inside the transaction) it hands in. Stateless. */
final class PgWrites {
    /** The insert {@link #bindOp} binds. */
    static final String INSERT_OP = "INSERT INTO ops (doc_id, version, op_json, doc_length, base_version,"
            + " submit_hash, session_id, seq, client_id, author, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private PgWrites() {}

    static void bindOp(PreparedStatement ps, OpRecord op, int lengthAfter) throws SQLException {
        ps.setString(1, op.docId());
        ps.setInt(2, op.version());
        ps.setString(3, op.opJson());
        ps.setInt(4, lengthAfter);
        ps.setInt(5, op.baseVersion());
        ps.setLong(6, op.submitHash());
        if (op.hasSession()) {
            ps.setString(7, op.session());
            ps.setLong(8, op.seq());
        } else {
            ps.setNull(7, Types.VARCHAR);
            ps.setNull(8, Types.BIGINT);
        }
        ps.setString(9, op.clientId());
        ps.setString(10, op.author());
        ps.setObject(11, PgQueries.utc(op.time()));
    }

    /** Sets each document's row to its newest op. */
    static void updateDocuments(Connection c, Map<String, PgBatch.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE documents SET version = ?, doc_length = ?, updated = ? WHERE id = ?")) {
            for (Map.Entry<String, PgBatch.Row> e : rows.entrySet()) {
                ps.setInt(1, e.getValue().version());
                ps.setInt(2, e.getValue().length());
                ps.setObject(3, PgQueries.utc(e.getValue().updated()));
                ps.setString(4, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Stores a snapshot unless one of the same (doc, version) is stored. */
    static void insertSnapshotIfAbsent(Connection c, Snapshot s, Instant time) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO snapshots (doc_id, version, content, created, authorship)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, s.docId());
            ps.setInt(2, s.version());
            ps.setBytes(3, s.content().getBytes(StandardCharsets.UTF_8));
            ps.setObject(4, PgQueries.utc(time));
            ps.setBytes(5, s.authorship().isEmpty() ? null : s.authorship().getBytes(StandardCharsets.UTF_8));
            ps.executeUpdate();
        }
    }

    /** Deletes a document's ops, snapshots and row; whether it had a row. */
    static boolean delete(Connection c, String docId) throws SQLException {
        // The row lock first: a committer of another node holds it while it inserts op rows.
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM documents WHERE id = ? FOR UPDATE")) {
            ps.setString(1, docId);
            ps.executeQuery().close();
        }
        for (String sql : new String[] {
            "DELETE FROM ops WHERE doc_id = ?",
            "DELETE FROM snapshots WHERE doc_id = ?",
            "DELETE FROM named_versions WHERE doc_id = ?"
        }) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, docId);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM documents WHERE id = ?")) {
            ps.setString(1, docId);
            return ps.executeUpdate() > 0;
        }
    }
}
