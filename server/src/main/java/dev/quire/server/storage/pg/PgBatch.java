package dev.quire.server.storage.pg;

import dev.quire.server.storage.ConflictException;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.journal.StoreWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * One group commit of {@link PgWriter}: a batch of queued writes, of any documents, in one
 * transaction on one connection. It first locks the {@code documents} rows of every document the
 * batch appends to, in id order (so two nodes' batches never deadlock on each other), and reads
 * their versions; from then on nobody else commits to those documents until this transaction
 * ends, and each append is checked against the locked head: at the next version it is inserted;
 * at a version already committed it is a {@link ConflictException} carrying the ops that won;
 * beyond the next version, or with a seq not above the session's last, it fails. A failed write
 * changes nothing and fails the later writes of its document in the batch (they were made on top
 * of it); the others commit. The op rows go in one JDBC batch, the documents rows are updated
 * once per document before the commit. The caller commits and only then completes the futures.
 *
 * <p>The primary key (doc_id, version) and the unique (doc_id, session_id, seq) key guard the
 * same rules: were the checks here ever wrong, the insert fails and so does the whole batch, which
 * the writer then retries write by write.
 */
final class PgBatch {
    /** What became of one write, known before the commit, reported after it. */
    sealed interface Outcome permits Done, Failed {}

    record Done(Object value) implements Outcome {}

    record Failed(RuntimeException cause) implements Outcome {}

    /** A document's version, length and update time, as its {@code documents} row holds them. */
    record Row(int version, int length, Instant updated) {}

    private final Connection connection;
    /** The locked head of each document touched, empty once deleted or absent. */
    private final Map<String, Optional<Row>> heads = new HashMap<>();

    private final Map<String, Row> dirty = new LinkedHashMap<>();
    private final PgSeqs seqs;
    /** By document: the version of its first append that failed in this batch. */
    private final Map<String, Integer> failed = new HashMap<>();

    private PreparedStatement insertOp;
    private int pendingOps;

    PgBatch(Connection connection) {
        this.connection = connection;
        this.seqs = new PgSeqs(connection);
    }

    /** By document: the version of its first append that failed in this batch. */
    Map<String, Integer> failedAppends() {
        return failed;
    }

    /**
     * Runs every write inside the open transaction.
     *
     * @param fencedFrom for each write (by index), the version of an append of its document that
     *     failed in an earlier batch before the write was queued, if any: appends above it and
     *     snapshots at or above it were made on top of the failed op
     * @return one outcome per write, in order
     * @throws SQLException if the database refused something the checks let through, or failed
     */
    List<Outcome> apply(List<StoreWrite> writes, IntFunction<OptionalInt> fencedFrom) throws SQLException {
        lockHeads(writes);
        List<Outcome> outcomes = new ArrayList<>(writes.size());
        try (PreparedStatement ps = connection.prepareStatement(PgWrites.INSERT_OP)) {
            insertOp = ps;
            for (int i = 0; i < writes.size(); i++) {
                StoreWrite w = writes.get(i);
                try {
                    outcomes.add(new Done(write(w, fencedFrom.apply(i))));
                } catch (StorageException e) {
                    outcomes.add(new Failed(e));
                }
            }
            flushOps();
            PgWrites.updateDocuments(connection, dirty);
        }
        return outcomes;
    }

    private void lockHeads(List<StoreWrite> writes) throws SQLException {
        Set<String> ids = new TreeSet<>();
        for (StoreWrite w : writes) {
            if (w instanceof StoreWrite.Append a) {
                ids.add(a.op().docId());
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, version, doc_length, updated"
                + " FROM documents WHERE id = ANY (?) ORDER BY id FOR UPDATE")) {
            ps.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.put(
                            rs.getString(1),
                            Optional.of(new Row(rs.getInt(2), rs.getInt(3), PgQueries.instant(rs, 4))));
                }
            }
        }
        ids.forEach(id -> heads.putIfAbsent(id, Optional.empty()));
        seqs.read(writes);
    }

    private Object write(StoreWrite w, OptionalInt fenced) throws SQLException {
        if (w instanceof StoreWrite.Append a) {
            append(a.op(), a.lengthAfter(), fenced);
        } else if (w instanceof StoreWrite.Create c) {
            create(c.docId(), c.time());
        } else if (w instanceof StoreWrite.PutSnapshot s) {
            // A snapshot made on top of a failed append would be of a text nobody committed.
            int version = s.snapshot().version();
            Integer failedAt = failed.get(s.snapshot().docId());
            boolean onFailed =
                    (failedAt != null && version >= failedAt) || (fenced.isPresent() && version >= fenced.getAsInt());
            if (!onFailed) {
                PgWrites.insertSnapshotIfAbsent(connection, s.snapshot(), s.time());
            }
        } else if (w instanceof StoreWrite.Delete d) {
            flushOps();
            dirty.remove(d.docId());
            seqs.forget(d.docId());
            failed.remove(d.docId());
            boolean existed = PgWrites.delete(connection, d.docId());
            heads.put(d.docId(), Optional.empty());
            return existed;
        }
        return null;
    }

    private void create(String docId, Instant time) throws SQLException {
        if (head(docId).isEmpty()) {
            insertRow(docId, time);
            heads.put(docId, lockRow(docId));
        }
    }

    private void append(OpRecord op, int lengthAfter, OptionalInt fenced) throws SQLException {
        String docId = op.docId();
        Integer failedAt = failed.get(docId);
        boolean onFence = fenced.isPresent() && op.version() > fenced.getAsInt();
        if ((failedAt != null && op.version() > failedAt) || onFence) {
            if (!onFence) {
                // A write refused by an earlier batch's fence fences nothing more: the fence
                // already covers what was queued before it, and what was queued after it (the
                // pipeline's resubmissions after the conflict) is made on what is committed.
                fail(docId, op.version());
            }
            throw new StorageException(
                    "append of " + docId + " version " + op.version() + " was made on top of an append that failed");
        }
        Optional<Row> head = head(docId);
        if (head.isEmpty() && op.version() == 1) {
            insertRow(docId, op.time());
            head = lockRow(docId);
            heads.put(docId, head);
        }
        int current = head.map(Row::version).orElse(0);
        if (op.version() <= current) {
            fail(docId, op.version());
            flushOps();
            throw new ConflictException(
                    docId, op.version(), PgQueries.ops(connection, docId, op.version(), Integer.MAX_VALUE));
        }
        if (head.isEmpty() || op.version() != current + 1) {
            fail(docId, op.version());
            throw new StorageException(
                    "append of " + docId + " version " + op.version() + " does not follow version " + current);
        }
        if (op.hasSession()) {
            checkSeq(op);
        }
        PgWrites.bindOp(insertOp, op, lengthAfter);
        insertOp.addBatch();
        pendingOps++;
        Row row = new Row(op.version(), lengthAfter, op.time());
        heads.put(docId, Optional.of(row));
        dirty.put(docId, row);
    }

    private void fail(String docId, int version) {
        failed.merge(docId, version, Math::min);
    }

    private void checkSeq(OpRecord op) throws SQLException {
        long last = seqs.last(op);
        if (op.seq() <= last) {
            fail(op.docId(), op.version());
            flushOps();
            Optional<OpRecord> committed = PgQueries.bySeq(connection, op.docId(), op.session(), op.seq());
            if (committed.isPresent()) {
                throw new ConflictException(op.docId(), op.version(), List.of(committed.get()));
            }
            throw new StorageException("seq " + op.seq() + " of session " + op.session() + " in " + op.docId()
                    + " is not above the last, " + last);
        }
        seqs.appended(op);
    }

    private Optional<Row> head(String docId) throws SQLException {
        Optional<Row> head = heads.get(docId);
        if (head == null) {
            head = lockRow(docId);
            heads.put(docId, head);
        }
        return head;
    }

    private void insertRow(String docId, Instant time) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO documents"
                + " (id, version, doc_length, created, updated) VALUES (?, 0, 0, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, docId);
            ps.setObject(2, PgQueries.utc(time));
            ps.setObject(3, PgQueries.utc(time));
            ps.executeUpdate();
        }
    }

    private Optional<Row> lockRow(String docId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT version, doc_length, updated FROM documents WHERE id = ? FOR UPDATE")) {
            ps.setString(1, docId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Row(rs.getInt(1), rs.getInt(2), PgQueries.instant(rs, 3)))
                        : Optional.empty();
            }
        }
    }

    private void flushOps() throws SQLException {
        if (pendingOps > 0) {
            insertOp.executeBatch();
            pendingOps = 0;
        }
    }
}
