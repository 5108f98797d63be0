package dev.quire.server.storage.h2;

import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.DocumentPage;
import dev.quire.server.storage.ListCursor;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** The SQL reads of {@link H2DocumentStore} and the column conversions of the h2 package, on a connection handed in. Stateless. */
final class H2Queries {
    private H2Queries() {}

    /** A time as the {@code TIMESTAMP WITH TIME ZONE} columns store it, in UTC. */
    static OffsetDateTime utc(Instant time) {
        return OffsetDateTime.ofInstant(time, ZoneOffset.UTC);
    }

    /** Ops are keyed by {@code doc_no * 2^32 + version} (schema V3): the first key of a document's range. */
    static long firstKey(int docNo) {
        return (long) docNo << 32;
    }

    /** The key of an op: {@code doc_no * 2^32 + version}. */
    static long opKey(int docNo, int version) {
        return firstKey(docNo) + version;
    }

    /** The number the documents row gives a document id, if the document exists. */
    static OptionalInt docNo(Connection c, String docId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT doc_no FROM documents WHERE id = ?")) {
            ps.setString(1, docId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    /** The version, length and time of the newest op of document number {@code docNo}, if it has ops. */
    static Optional<DocumentInfo> newestOp(Connection c, String docId, int docNo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, doc_length, created FROM ops"
                + " WHERE op_key > ? AND op_key < ? ORDER BY op_key DESC FETCH FIRST 1 ROWS ONLY")) {
            ps.setLong(1, firstKey(docNo));
            ps.setLong(2, firstKey(docNo + 1));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new DocumentInfo(
                                docId,
                                rs.getInt(1),
                                rs.getInt(2),
                                rs.getObject(3, OffsetDateTime.class).toInstant()))
                        : Optional.empty();
            }
        }
    }

    /** The highest seq a session has in a document (0 if none). */
    static long lastSeq(Connection c, int docNo, String session) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT MAX(seq) FROM ops WHERE doc_no = ? AND session_id = ?")) {
            ps.setInt(1, docNo);
            ps.setString(2, session);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }
    }

    /** The columns {@link #opRow} reads, in its order. */
    static final String OP_COLUMNS = "SELECT version, COALESCE(op_json, op_json_large),"
            + " base_version, submit_hash, session_id, seq, client_id, author, created FROM ops";

    static List<OpRecord> opsOn(Connection c, String docId, int from, int to) throws SQLException {
        OptionalInt no = docNo(c, docId);
        if (no.isEmpty() || from >= to) {
            return List.of();
        }
        try (PreparedStatement ps =
                c.prepareStatement(OP_COLUMNS + " WHERE op_key >= ? AND op_key < ? ORDER BY op_key")) {
            ps.setLong(1, opKey(no.getAsInt(), Math.max(from, 0)));
            // Versions are INTEGERs: to = Integer.MAX_VALUE stays inside the document's range.
            ps.setLong(2, opKey(no.getAsInt(), to));
            List<OpRecord> ops = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ops.add(opRow(rs, docId));
                }
            }
            return ops;
        }
    }

    /** The op of (doc, session, seq), if any. */
    static Optional<OpRecord> bySeqOn(Connection c, String docId, String session, long seq) throws SQLException {
        OptionalInt no = docNo(c, docId);
        if (no.isEmpty()) {
            return Optional.empty();
        }
        try (PreparedStatement ps =
                c.prepareStatement(OP_COLUMNS + " WHERE doc_no = ? AND session_id = ? AND seq = ?")) {
            ps.setInt(1, no.getAsInt());
            ps.setString(2, session);
            ps.setLong(3, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(opRow(rs, docId)) : Optional.empty();
            }
        }
    }

    static OpRecord opRow(ResultSet rs, String docId) throws SQLException {
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
                rs.getObject(9, OffsetDateTime.class).toInstant());
    }

    static Optional<Snapshot> snapshotOn(Connection c, String docId, int atOrBefore) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, content, authorship FROM snapshots"
                + " WHERE doc_id = ? AND version <= ? ORDER BY version DESC FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, docId);
            ps.setInt(2, atOrBefore);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Snapshot(
                                docId, rs.getInt(1), rs.getString(2), Objects.requireNonNullElse(rs.getString(3), "")))
                        : Optional.empty();
            }
        }
    }

    /** The documents row, brought up to the newest op (the row may lag under load). */
    static Optional<DocumentInfo> infoOn(Connection c, String docId) throws SQLException {
        Optional<DocumentInfo> row;
        int docNo;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, version, doc_length, updated, title, doc_no FROM documents WHERE id = ?")) {
            ps.setString(1, docId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                row = Optional.of(infoRow(rs));
                docNo = rs.getInt(6);
            }
        }
        Optional<DocumentInfo> newest = newestOp(c, docId, docNo);
        if (newest.isPresent() && newest.get().version() > row.get().version()) {
            DocumentInfo n = newest.get();
            return Optional.of(new DocumentInfo(
                    n.docId(), n.version(), n.length(), n.updated(), row.get().title()));
        }
        return row;
    }

    /** A page of the documents rows (which must be up to date), most recently updated first. */
    static DocumentPage pageOn(Connection c, int limit, Optional<ListCursor> cursor) throws SQLException {
        String sql = "SELECT id, version, doc_length, updated, title FROM documents"
                + (cursor.isPresent() ? " WHERE updated < ? OR (updated = ? AND id > ?)" : "")
                + " ORDER BY updated DESC, id ASC FETCH FIRST ? ROWS ONLY";
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

    static DocumentInfo infoRow(ResultSet rs) throws SQLException {
        return new DocumentInfo(
                rs.getString(1),
                rs.getInt(2),
                rs.getInt(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(),
                rs.getString(5));
    }

    /** The value of one of H2's settings ({@code INFORMATION_SCHEMA.SETTINGS}). */
    static String setting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no H2 setting " + name);
                }
                return rs.getString(1);
            }
        }
    }
}
