package dev.quire.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * {@code maxGroup}) goes into ONE transaction; after the commit every future of the group
 * completes. Under load the group grows by itself, so the number of disk writes per op falls;
 * when idle a single op is committed at once, so latency stays low. If a group fails, its writes
 * are retried one per transaction, so one bad write fails only its own future.
 *
 * <p>The hot path inserts op rows only. The {@code documents} row of a document (version,
 * length, update time, for the document list) is brought up to date at most every
 * {@value DocumentRows#FLUSH_MILLIS} ms, when the writer is idle, and before every list
 * ({@link Flush}). The op rows are the truth: {@link H2DocumentStore} answers {@code info} from
 * them and repairs lagging rows when it opens the database.
 *
 * <p>Thread-safety: {@link #submit} may be called from any thread; everything else runs on the
 * writer thread, which owns the connection.
 */
final class H2GroupWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(H2GroupWriter.class);
    /** Longest op text kept in the VARCHAR column; longer ones go to the CLOB column. */
    static final int MAX_INLINE_OP = 1_000_000;

    /** One queued write and the future completed after its commit. */
    sealed interface Write permits Create, Append, PutSnapshot, Delete, Flush {}

    /** Brings every lagging documents row up to date. */
    record Flush(CompletableFuture<Void> done) implements Write {}

    record Create(String docId, Instant time, CompletableFuture<Void> done) implements Write {}

    record Append(OpRecord op, int lengthAfter, CompletableFuture<Void> done) implements Write {}

    record PutSnapshot(Snapshot snapshot, Instant time, CompletableFuture<Void> done) implements Write {}

    record Delete(String docId, CompletableFuture<Boolean> done, boolean[] existed) implements Write {}

    private final Connection connection;
    private final String checkpoint;
    private final int maxGroup;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private final DocumentRows rows;

    H2GroupWriter(Connection connection, int maxGroup, boolean syncCommits) throws SQLException {
        this.connection = connection;
        this.checkpoint = syncCommits ? "CHECKPOINT SYNC" : "CHECKPOINT";
        this.maxGroup = maxGroup;
        this.rows = new DocumentRows(connection);
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

    /** Stops accepting writes, commits what is queued and the lagging document rows, waits. */
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
                    flushIdle();
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
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
        flushIdle();
        Write w;
        while ((w = queue.poll()) != null) {
            fail(w, new StorageException("store is closed"));
        }
    }

    private void flushIdle() {
        if (!rows.anyLagging()) {
            return;
        }
        try {
            rows.flush();
            commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            log.warn("store writer: could not update document rows (will retry): {}", e.toString());
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
            commitOneByOne(group);
        }
    }

    private void commitOneByOne(List<Write> group) {
        // A failed append of a document fails its later appends in the group: no gaps in a log.
        Set<String> failedDocs = new HashSet<>();
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

    private void applyAll(List<Write> group) throws SQLException {
        try (PreparedStatement insertOp = connection.prepareStatement(
                "INSERT INTO ops (doc_id, version, op_json, op_json_large, doc_length, base_version, submit_hash,"
                        + " session_id, seq, client_id, author, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int batched = 0;
            boolean flush = false;
            for (Write w : group) {
                if (w instanceof Append a) {
                    OpRecord op = a.op();
                    DocumentRows.DocState doc = rows.current(op.docId()).orElseGet(() -> rows.create(op.docId(), op.time()));
                    if (op.version() != doc.version() + 1) {
                        throw new StorageException("append of " + op.docId() + " version " + op.version()
                                + " does not follow version " + doc.version());
                    }
                    bindOp(insertOp, op, a.lengthAfter());
                    insertOp.addBatch();
                    batched++;
                    rows.appended(op.docId(), op.version(), a.lengthAfter(), op.time());
                } else if (w instanceof Create c) {
                    if (rows.current(c.docId()).isEmpty()) {
                        rows.create(c.docId(), c.time());
                    }
                } else if (w instanceof PutSnapshot s) {
                    insertSnapshotIfAbsent(s.snapshot(), s.time());
                } else if (w instanceof Flush) {
                    flush = true;
                } else if (w instanceof Delete d) {
                    // The ops queued before the delete are inserted first, then removed with the rest.
                    if (batched > 0) {
                        insertOp.executeBatch();
                        batched = 0;
                    }
                    d.existed()[0] = deleteDocument(d.docId());
                    rows.deleted(d.docId());
                }
            }
            if (batched > 0) {
                insertOp.executeBatch();
            }
            if (flush || rows.flushDue()) {
                rows.flush();
            }
        }
    }

    private static void bindOp(PreparedStatement ps, OpRecord op, int lengthAfter) throws SQLException {
        ps.setString(1, op.docId());
        ps.setInt(2, op.version());
        if (op.opJson().length() <= MAX_INLINE_OP) {
            ps.setString(3, op.opJson());
            ps.setNull(4, Types.CLOB);
        } else {
            ps.setNull(3, Types.VARCHAR);
            ps.setString(4, op.opJson());
        }
        ps.setInt(5, lengthAfter);
        ps.setInt(6, op.baseVersion());
        ps.setLong(7, op.submitHash());
        if (op.hasSession()) {
            ps.setString(8, op.session());
            ps.setLong(9, op.seq());
        } else {
            ps.setNull(8, Types.VARCHAR);
            ps.setNull(9, Types.BIGINT);
        }
        ps.setString(10, op.clientId());
        ps.setString(11, op.author());
        ps.setObject(12, utc(op.time()));
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
        for (String sql : List.of("DELETE FROM ops WHERE doc_id = ?", "DELETE FROM snapshots WHERE doc_id = ?",
                "DELETE FROM documents WHERE id = ?")) {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, docId);
                rows += ps.executeUpdate();
            }
        }
        return rows > 0;
    }

    private void commit() throws SQLException {
        connection.commit();
        rows.committed();
        // H2 keeps committed data in memory until its next store; CHECKPOINT writes it to the file
        // (and with SYNC fsyncs it) now, before any future of the group completes. Should it fail,
        // the group's futures fail although the data is committed: authors then resend the same
        // seq and are acknowledged, which is safe.
        try (java.sql.Statement st = connection.createStatement()) {
            st.execute(checkpoint);
        }
    }

    private void rollbackQuietly() {
        rows.rolledBack();
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.warn("store writer: rollback failed", e);
        }
    }

    static OffsetDateTime utc(Instant time) {
        return OffsetDateTime.ofInstant(time, ZoneOffset.UTC);
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
        } else if (w instanceof Flush f) {
            f.done().complete(null);
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
        } else if (w instanceof Flush f) {
            f.done().completeExceptionally(t);
        }
    }
}
