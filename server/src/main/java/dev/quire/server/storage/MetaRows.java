package dev.quire.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of a document's titles and named versions, the same on H2 and PostgreSQL (internal to
 * the stores). These rows are not ops: they are written straight to their tables, outside the op
 * log and the H2 journal (decision 027). Each method runs on the connection it is given, in its
 * current transaction mode.
 */
public final class MetaRows {
    private MetaRows() {}

    /** Sets the title of the documents row; returns whether the row exists. */
    public static boolean setTitle(Connection c, String docId, String title) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE documents SET title = ? WHERE id = ?")) {
            ps.setString(1, title);
            ps.setString(2, docId);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Names a version of a document (replacing its earlier name), or removes the name when
     * {@code name} is empty; returns whether the document exists. Runs in one transaction.
     */
    public static boolean nameVersion(Connection c, String docId, int version, String name, Instant time)
            throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            boolean exists;
            // The documents row first: it is the lock a delete of the document takes too.
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM documents WHERE id = ? FOR UPDATE")) {
                ps.setString(1, docId);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (exists) {
                try (PreparedStatement ps =
                        c.prepareStatement("DELETE FROM named_versions WHERE doc_id = ? AND version = ?")) {
                    ps.setString(1, docId);
                    ps.setInt(2, version);
                    ps.executeUpdate();
                }
                if (!name.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO named_versions (doc_id, version, name, created) VALUES (?, ?, ?, ?)")) {
                        ps.setString(1, docId);
                        ps.setInt(2, version);
                        ps.setString(3, name);
                        ps.setObject(4, OffsetDateTime.ofInstant(time.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
                        ps.executeUpdate();
                    }
                }
            }
            c.commit();
            return exists;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The named versions of a document, oldest version first. */
    public static List<NamedVersion> namedVersions(Connection c, String docId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT version, name, created FROM named_versions WHERE doc_id = ? ORDER BY version")) {
            ps.setString(1, docId);
            List<NamedVersion> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new NamedVersion(
                            rs.getInt(1),
                            rs.getString(2),
                            rs.getObject(3, OffsetDateTime.class).toInstant()));
                }
            }
            return out;
        }
    }
}
