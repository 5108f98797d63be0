package dev.quire.server.storage;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The SQL reads of {@link H2DocumentStore}, on a connection it hands in. Stateless. */
final class H2Queries {
    private H2Queries() {
    }

    /** The version, length and time of the newest op of a document, if it has ops. */
    static Optional<DocumentInfo> newestOp(Connection c, String docId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, doc_length, created FROM ops"
                + " WHERE doc_id = ? ORDER BY version DESC FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, docId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new DocumentInfo(docId, rs.getInt(1), rs.getInt(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant())) : Optional.empty();
            }
        }
    }

    static final String OP_COLUMNS = "SELECT doc_id, version, COALESCE(op_json, op_json_large),"
            + " base_version, submit_hash, session_id, seq, client_id, author, created FROM ops";

    static List<OpRecord> opsOn(Connection c, String docId, int from, int to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(OP_COLUMNS
                + " WHERE doc_id = ? AND version >= ? AND version < ? ORDER BY version")) {
            ps.setString(1, docId);
            ps.setInt(2, from);
            ps.setInt(3, to);
            List<OpRecord> ops = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ops.add(opRow(rs));
                }
            }
            return ops;
        }
    }

    static OpRecord opRow(ResultSet rs) throws SQLException {
        String session = rs.getString(6);
        long seq = rs.getLong(7);
        return new OpRecord(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getInt(4), rs.getLong(5),
                session == null ? "" : session, session == null ? 0 : seq, rs.getString(8), rs.getString(9),
                rs.getObject(10, OffsetDateTime.class).toInstant());
    }

    static Optional<Snapshot> snapshotOn(Connection c, String docId, int atOrBefore) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, content FROM snapshots"
                + " WHERE doc_id = ? AND version <= ? ORDER BY version DESC FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, docId);
            ps.setInt(2, atOrBefore);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Snapshot(docId, rs.getInt(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** The documents row, brought up to the newest op (the row may lag under load). */
    static Optional<DocumentInfo> infoOn(Connection c, String docId) throws SQLException {
        Optional<DocumentInfo> row;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, version, doc_length, updated FROM documents WHERE id = ?")) {
            ps.setString(1, docId);
            try (ResultSet rs = ps.executeQuery()) {
                row = rs.next() ? Optional.of(infoRow(rs)) : Optional.empty();
            }
        }
        if (row.isEmpty()) {
            return row;
        }
        Optional<DocumentInfo> newest = newestOp(c, docId);
        return newest.isPresent() && newest.get().version() > row.get().version() ? newest : row;
    }

    static DocumentInfo infoRow(ResultSet rs) throws SQLException {
        return new DocumentInfo(rs.getString(1), rs.getInt(2), rs.getInt(3),
                rs.getObject(4, OffsetDateTime.class).toInstant());
    }

    /** The opaque list cursor: the last entry's update time and id, base64url-encoded. */
    record Cursor(Instant updated, String id) {
        String encode() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, updated);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((micros + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int colon = s.indexOf(':');
                long micros = Long.parseLong(s.substring(0, colon));
                return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), s.substring(colon + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a list cursor: " + text);
            }
        }
    }
}
