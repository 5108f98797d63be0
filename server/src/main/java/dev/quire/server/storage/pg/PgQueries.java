package dev.quire.server.storage.pg;

import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.DocumentPage;
import dev.quire.server.storage.ListCursor;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL reads of the pg package and its column conversions, on a connection handed in. Stateless. */
final class PgQueries {
    private PgQueries() {}

    /** A time as the {@code TIMESTAMPTZ} columns take it. */
    static OffsetDateTime utc(Instant time) {
        return OffsetDateTime.ofInstant(time, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** The columns {@link #opRow} reads, in its order. */
    private static final String OP_COLUMNS = "SELECT version, op_json, base_version, submit_hash, session_id, seq,"
            + " client_id, author, created FROM ops";

    static List<OpRecord> ops(Connection c, String docId, int from, int to) throws SQLException {
        if (from >= to) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement(
                OP_COLUMNS + " WHERE doc_id = ? AND version >= ? AND version < ? ORDER BY version")) {
            ps.setString(1, docId);
            ps.setInt(2, Math.max(from, 0));
            ps.setInt(3, to);
            List<OpRecord> ops = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ops.add(opRow(rs, docId));
                }
            }
            return ops;
        }
    }

    static Optional<OpRecord> bySeq(Connection c, String docId, String session, long seq) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(OP_COLUMNS + " WHERE doc_id = ? AND session_id = ? AND seq = ?")) {
            ps.setString(1, docId);
            ps.setString(2, session);
            ps.setLong(3, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(opRow(rs, docId)) : Optional.empty();
            }
        }
    }

    /** The highest seq a session has in a document (0 if none). */
    static long lastSeq(Connection c, String docId, String session) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT MAX(seq) FROM ops WHERE doc_id = ? AND session_id = ?")) {
            ps.setString(1, docId);
            ps.setString(2, session);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }
    }

    private static OpRecord opRow(ResultSet rs, String docId) throws SQLException {
        String session = rs.getString(5);
        long seq = rs.getLong(6);
        return new OpRecord(
                docId,
                rs.getInt(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getLong(4),
                session == null ? "" : session,
                session == null ? 0 : seq,
                rs.getString(7),
                rs.getString(8),
                instant(rs, 9));
    }

    static Optional<Snapshot> snapshot(Connection c, String docId, int atOrBefore) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, content, authorship FROM snapshots"
                + " WHERE doc_id = ? AND version <= ? ORDER BY version DESC LIMIT 1")) {
            ps.setString(1, docId);
            ps.setInt(2, atOrBefore);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Snapshot(
                                docId,
                                rs.getInt(1),
                                new String(rs.getBytes(2), StandardCharsets.UTF_8),
                                text(rs.getBytes(3))))
                        : Optional.empty();
            }
        }
    }

    static Optional<DocumentInfo> info(Connection c, String docId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id, version, doc_length, updated, title FROM documents WHERE id = ?")) {
            ps.setString(1, docId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(infoRow(rs)) : Optional.empty();
            }
        }
    }

    /** A page of documents, most recently updated first, then by id. */
    static DocumentPage page(Connection c, int limit, Optional<ListCursor> cursor) throws SQLException {
        String sql = "SELECT id, version, doc_length, updated, title FROM documents"
                + (cursor.isPresent() ? " WHERE updated < ? OR (updated = ? AND id > ?)" : "")
                + " ORDER BY updated DESC, id ASC LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (cursor.isPresent()) {
                ps.setObject(i++, utc(cursor.get().updated()));
                ps.setObject(i++, utc(cursor.get().updated()));
                ps.setString(i++, cursor.get().docId());
            }
            ps.setInt(i, limit + 1);
            List<DocumentInfo> docs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    docs.add(infoRow(rs));
                }
            }
            return DocumentPage.of(docs, limit);
        }
    }

    private static DocumentInfo infoRow(ResultSet rs) throws SQLException {
        return new DocumentInfo(rs.getString(1), rs.getInt(2), rs.getInt(3), instant(rs, 4), rs.getString(5));
    }

    /** A nullable UTF-8 column as text, {@code ""} for NULL. */
    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
