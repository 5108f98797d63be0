package dev.quire.server.storage.h2;

import dev.quire.server.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What is H2's own about each document, for the applier: its {@code doc_no} (the range of its
 * op keys) and the pending lazy update of its {@code documents} row (version, length, update
 * time, and whether the row lags its newest op). The version here is the image of that SQL row as
 * the applied op rows leave it, kept only for the applier's guard against a journal record that
 * does not follow the op log; it is not the document's head, which the journal writer's view
 * holds (and {@code DocumentStore.lastSeq} reads). Rows are updated lazily — at most every
 * {@value #FLUSH_MILLIS} ms, when the writer is idle, and on request — so that the hot path writes
 * op rows only. Changes made inside the open transaction are kept apart until it commits.
 *
 * <p>Owned by the {@link BatchTransaction} of {@link H2Applier}, on the applier's thread; not
 * thread-safe.
 */
final class DocumentRows {
    /**
     * How often the lagging rows are written while ops keep coming. Each write of a row costs about
     * as much as an op row (an H2 update, then its commit, each copying the pages on its B-tree
     * path); with many documents each at about one op a second (15,000 editors on 1,500
     * documents) 200 ms meant about one row update per op, 2 s about 0.4. A read that needs the
     * rows asks for a flush first ({@link H2RowWrites#flush}), so this bounds work, not what
     * anyone sees (decision 057).
     */
    static final long FLUSH_MILLIS = 2_000;
    /** Above this many remembered documents, the up-to-date ones are forgotten (read again when needed). */
    private static final int MAX_REMEMBERED = 50_000;

    /**
     * The image of a document's row: its number (its ops' keys start at {@code docNo * 2^32}),
     * and the version, length and update time its applied op rows give it; {@code dirty} if the
     * SQL row lags them.
     */
    record RowImage(int docNo, int version, int length, Instant updated, boolean dirty) {
        RowImage clean() {
            return new RowImage(docNo, version, length, updated, false);
        }
    }

    private static final RowImage DELETED = new RowImage(-1, -1, 0, Instant.EPOCH, false);

    private final Connection connection;
    /** Committed state of the documents written since start. */
    private final Map<String, RowImage> committed = new HashMap<>();

    private final Set<String> dirty = new HashSet<>();
    /** Changes of the open transaction ({@link #DELETED} marks a deletion). */
    private final Map<String, RowImage> changes = new LinkedHashMap<>();

    private long lastFlush = System.nanoTime();

    DocumentRows(Connection connection) {
        this.connection = connection;
    }

    /** The document as of the open transaction, reading its row the first time. */
    Optional<RowImage> current(String docId) throws SQLException {
        RowImage s = changes.containsKey(docId) ? changes.get(docId) : committed.get(docId);
        if (s == DELETED) {
            return Optional.empty();
        }
        if (s != null) {
            return Optional.of(s);
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT doc_no, version, doc_length, updated FROM documents WHERE id = ?")) {
            ps.setString(1, docId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                RowImage read = new RowImage(
                        rs.getInt(1),
                        rs.getInt(2),
                        rs.getInt(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(),
                        false);
                changes.put(docId, read);
                return Optional.of(read);
            }
        }
    }

    /** Inserts the row of a new document at version 0, with a new document number. */
    RowImage create(String docId, Instant time) {
        int docNo;
        try (PreparedStatement next = connection.prepareStatement("VALUES NEXT VALUE FOR document_numbers");
                ResultSet rs = next.executeQuery()) {
            rs.next();
            docNo = rs.getInt(1);
        } catch (SQLException e) {
            throw new StorageException("cannot number document " + docId + ": " + e.getMessage(), e);
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO documents (id, doc_no, version, doc_length, created, updated) VALUES (?, ?, 0, 0, ?, ?)")) {
            ps.setString(1, docId);
            ps.setInt(2, docNo);
            ps.setObject(3, H2Queries.utc(time));
            ps.setObject(4, H2Queries.utc(time));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot create document " + docId + ": " + e.getMessage(), e);
        }
        RowImage created = new RowImage(docNo, 0, 0, time, false);
        changes.put(docId, created);
        return created;
    }

    /** An op producing {@code version} was inserted into the document {@code doc}; the row now lags. */
    void appended(String docId, RowImage doc, int version, int length, Instant time) {
        changes.put(docId, new RowImage(doc.docNo(), version, length, time, true));
    }

    /** The document's rows were deleted. */
    void deleted(String docId) {
        changes.put(docId, DELETED);
    }

    boolean flushDue() {
        return System.nanoTime() - lastFlush >= TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS);
    }

    boolean anyLagging() {
        return !dirty.isEmpty();
    }

    /** Writes every lagging row (committed or in the open transaction). */
    void flush() throws SQLException {
        Set<String> ids = new HashSet<>(dirty);
        changes.forEach((id, s) -> {
            if (s.dirty()) {
                ids.add(id);
            }
        });
        if (!ids.isEmpty()) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE documents SET version = ?, doc_length = ?, updated = ? WHERE id = ?")) {
                for (String id : ids) {
                    RowImage s = changes.containsKey(id) ? changes.get(id) : committed.get(id);
                    if (s == null || s == DELETED) {
                        continue;
                    }
                    ps.setInt(1, s.version());
                    ps.setInt(2, s.length());
                    ps.setObject(3, H2Queries.utc(s.updated()));
                    ps.setString(4, id);
                    ps.addBatch();
                    changes.put(id, s.clean());
                }
                ps.executeBatch();
            }
        }
        lastFlush = System.nanoTime();
    }

    /** The open transaction committed: its changes become the committed state. */
    void committed() {
        changes.forEach((id, s) -> {
            if (s == DELETED) {
                committed.remove(id);
                dirty.remove(id);
            } else {
                committed.put(id, s);
                if (s.dirty()) {
                    dirty.add(id);
                } else {
                    dirty.remove(id);
                }
            }
        });
        changes.clear();
        if (committed.size() > MAX_REMEMBERED) {
            committed.keySet().retainAll(dirty);
        }
    }

    /** The open transaction rolled back: its changes are forgotten. */
    void rolledBack() {
        changes.clear();
    }
}
