package dev.quire.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer thread of {@link H2DocumentStore}: group commit.
 *
 * <p>Whatever is waiting when the thread comes round (across all documents, up to
 * {@code maxBatch}) goes into ONE transaction; after the commit every future of the group
 * completes. Under load the group grows by itself, so the number of disk writes per op falls;
 * when idle a single op is committed at once, so latency stays low. If a group fails, its writes
 * are retried one per transaction, so one bad write fails only its own future.
 *
 * <p>Thread-safety: {@link #submit} may be called from any thread; everything else runs on the
 * writer thread, which owns the connection.
 */
final class H2GroupWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(H2GroupWriter.class);

    /** One queued write and the future completed after its commit. */
    sealed interface Write permits Create, Append, PutSnapshot, Delete {}

    record Create(String docId, Instant time, CompletableFuture<Void> done) implements Write {}

    record Append(OpRecord op, int lengthAfter, CompletableFuture<Void> done) implements Write {}

    record PutSnapshot(Snapshot snapshot, Instant time, CompletableFuture<Void> done) implements Write {}

    record Delete(String docId, CompletableFuture<Boolean> done, boolean[] existed) implements Write {}

    private record DocUpdate(int version, int length, Instant time) {}

    private final Connection connection;
    private final int maxBatch;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** The last committed version per document appended since start: appends must follow it. */
    private final Map<String, Integer> lastVersion = new java.util.HashMap<>();
    /** What the open transaction changes in {@link #lastVersion}; null marks a deletion. */
    private final Map<String, Integer> lastVersionChanges = new java.util.HashMap<>();

    H2GroupWriter(Connection connection, int maxBatch) throws SQLException {
        this.connection = connection;
        this.maxBatch = maxBatch;
        connection.setAutoCommit(false);
        this.thread = new Thread(this, "quire-store-writer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void submit(Write write) {
        if (!running) {
            fail(write, new StorageException("store is closed"));
            return;
        }
        queue.add(write);
    }

    /** Stops accepting writes, commits what is queued, and waits for the thread. */
    void stop() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        List<Write> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Write first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxBatch - 1);
                commitGroup(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                log.error("store writer: unexpected fault, failing {} writes", group.size(), e);
                group.forEach(w -> fail(w, new StorageException("store writer fault", e)));
            } finally {
                group.clear();
            }
        }
        Write w;
        while ((w = queue.poll()) != null) {
            fail(w, new StorageException("store is closed"));
        }
    }

    private void commitGroup(List<Write> group) {
        try {
            applyAll(group);
            commit();
            group.forEach(H2GroupWriter::complete);
        } catch (SQLException | RuntimeException groupFault) {
            rollbackQuietly();
            if (group.size() == 1) {
                fail(group.get(0), new StorageException("write failed: " + groupFault.getMessage(), groupFault));
                return;
            }
            // A failed append of a document fails its later appends in the group: no gaps in a log.
            java.util.Set<String> failedDocs = new java.util.HashSet<>();
            for (Write w : group) {
                if (w instanceof Append a && failedDocs.contains(a.op().docId())) {
                    fail(w, new StorageException("write failed: an earlier op of " + a.op().docId() + " failed"));
                    continue;
                }
                try {
                    applyAll(List.of(w));
                    commit();
                    complete(w);
                } catch (SQLException | RuntimeException single) {
                    rollbackQuietly();
                    if (w instanceof Append a) {
                        failedDocs.add(a.op().docId());
                    }
                    fail(w, new StorageException("write failed: " + single.getMessage(), single));
                }
            }
        }
    }

    private void commit() throws SQLException {
        connection.commit();
        lastVersionChanges.forEach((doc, v) -> {
            if (v == null) {
                lastVersion.remove(doc);
            } else {
                lastVersion.put(doc, v);
            }
        });
        lastVersionChanges.clear();
    }

    /** Refuses an append that does not follow the document's last version (no gaps in a log). */
    private void checkFollows(OpRecord op) throws SQLException {
        String doc = op.docId();
        Integer last;
        if (lastVersionChanges.containsKey(doc)) {
            last = lastVersionChanges.get(doc);
            last = last == null ? 0 : last;
        } else if (lastVersion.containsKey(doc)) {
            last = lastVersion.get(doc);
        } else {
            last = committedVersion(doc);
        }
        if (op.version() != last + 1) {
            throw new StorageException("append of " + doc + " version " + op.version()
                    + " does not follow version " + last);
        }
        lastVersionChanges.put(doc, op.version());
    }

    private int committedVersion(String docId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT version FROM documents WHERE id = ?")) {
            ps.setString(1, docId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private void applyAll(List<Write> group) throws SQLException {
        Map<String, DocUpdate> docUpdates = new LinkedHashMap<>();
        try (PreparedStatement insertOp = connection.prepareStatement(
                "INSERT INTO ops (doc_id, version, op_json, base_version, submit_hash, session_id, seq,"
                        + " client_id, author, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int batched = 0;
            for (Write w : group) {
                if (w instanceof Append a) {
                    checkFollows(a.op());
                    bindOp(insertOp, a.op());
                    insertOp.addBatch();
                    batched++;
                    docUpdates.put(a.op().docId(), new DocUpdate(a.op().version(), a.lengthAfter(), a.op().time()));
                    continue;
                }
                // Every other write sees the ops queued before it: keep the queue's order.
                if (batched > 0) {
                    insertOp.executeBatch();
                    batched = 0;
                }
                flushDocUpdates(docUpdates);
                if (w instanceof Create c) {
                    insertDocumentIfAbsent(c.docId(), 0, 0, c.time());
                } else if (w instanceof PutSnapshot s) {
                    insertSnapshotIfAbsent(s.snapshot(), s.time());
                } else if (w instanceof Delete d) {
                    d.existed()[0] = deleteDocument(d.docId());
                    lastVersionChanges.put(d.docId(), null);
                }
            }
            if (batched > 0) {
                insertOp.executeBatch();
            }
            flushDocUpdates(docUpdates);
        }
    }

    private static void bindOp(PreparedStatement ps, OpRecord op) throws SQLException {
        ps.setString(1, op.docId());
        ps.setInt(2, op.version());
        ps.setString(3, op.opJson());
        ps.setInt(4, op.baseVersion());
        ps.setLong(5, op.submitHash());
        if (op.hasSession()) {
            ps.setString(6, op.session());
            ps.setLong(7, op.seq());
        } else {
            ps.setNull(6, Types.VARCHAR);
            ps.setNull(7, Types.BIGINT);
        }
        ps.setString(8, op.clientId());
        ps.setString(9, op.author());
        ps.setObject(10, utc(op.time()));
    }

    private void flushDocUpdates(Map<String, DocUpdate> updates) throws SQLException {
        if (updates.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE documents SET version = ?, doc_length = ?, updated = ? WHERE id = ?")) {
            for (Map.Entry<String, DocUpdate> e : updates.entrySet()) {
                DocUpdate u = e.getValue();
                ps.setInt(1, u.version());
                ps.setInt(2, u.length());
                ps.setObject(3, utc(u.time()));
                ps.setString(4, e.getKey());
                if (ps.executeUpdate() == 0) {
                    insertDocumentIfAbsent(e.getKey(), u.version(), u.length(), u.time());
                }
            }
        }
        updates.clear();
    }

    private void insertDocumentIfAbsent(String docId, int version, int length, Instant time) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO documents (id, version, doc_length, created, updated) SELECT ?, ?, ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM documents WHERE id = ?)")) {
            ps.setString(1, docId);
            ps.setInt(2, version);
            ps.setInt(3, length);
            ps.setObject(4, utc(time));
            ps.setObject(5, utc(time));
            ps.setString(6, docId);
            ps.executeUpdate();
        }
    }

    private void insertSnapshotIfAbsent(Snapshot s, Instant time) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO snapshots (doc_id, version, content, created) SELECT ?, ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM snapshots WHERE doc_id = ? AND version = ?)")) {
            ps.setString(1, s.docId());
            ps.setInt(2, s.version());
            ps.setString(3, s.content());
            ps.setObject(4, utc(time));
            ps.setString(5, s.docId());
            ps.setInt(6, s.version());
            ps.executeUpdate();
        }
    }

    private boolean deleteDocument(String docId) throws SQLException {
        int rows = 0;
        for (String table : List.of("ops", "snapshots")) {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + table + " WHERE doc_id = ?")) {
                ps.setString(1, docId);
                rows += ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM documents WHERE id = ?")) {
            ps.setString(1, docId);
            rows += ps.executeUpdate();
        }
        return rows > 0;
    }

    static OffsetDateTime utc(Instant time) {
        return OffsetDateTime.ofInstant(time, ZoneOffset.UTC);
    }

    private void rollbackQuietly() {
        lastVersionChanges.clear();
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.warn("store writer: rollback failed", e);
        }
    }

    private static void complete(Write w) {
        if (w instanceof Create c) {
            c.done().complete(null);
        } else if (w instanceof Append a) {
            a.done().complete(null);
        } else if (w instanceof PutSnapshot s) {
            s.done().complete(null);
        } else if (w instanceof Delete d) {
            d.done().complete(d.existed()[0]);
        }
    }

    private static void fail(Write w, Throwable t) {
        if (w instanceof Create c) {
            c.done().completeExceptionally(t);
        } else if (w instanceof Append a) {
            a.done().completeExceptionally(t);
        } else if (w instanceof PutSnapshot s) {
            s.done().completeExceptionally(t);
        } else if (w instanceof Delete d) {
            d.done().completeExceptionally(t);
        }
    }
}
