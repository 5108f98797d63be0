package dev.quire.server.storage.h2;

import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.journal.JournalEntry;
import dev.quire.server.storage.journal.StoreWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link H2Applier} does in the database, on its one connection: applies a batch of
 * journaled writes to the SQL tables in one transaction (all or nothing) that also records the
 * last lsn applied ({@code journal_state}), brings lagging {@code documents} rows up to date
 * ({@link DocumentRows}), and runs {@code CHECKPOINT SYNC}. When to do which, and what to do
 * about a failure, is the applier's; a failed transaction is rolled back here before the
 * exception is rethrown, so the connection and the rows' image are left as of the last commit.
 *
 * <p>Owned by the applier: used by its {@code quire-h2-apply} thread, or by the opening thread
 * during replay, before that thread starts; not thread-safe.
 */
final class BatchTransaction {
    // The applier's category: what it logs is the applier's, as before the split.
    private static final Logger log = LoggerFactory.getLogger(H2Applier.class);

    private final Connection connection;
    private final DocumentRows rows;
    private final H2Housekeeping housekeeping;

    BatchTransaction(Connection connection) throws SQLException {
        this.connection = connection;
        this.rows = new DocumentRows(connection);
        this.housekeeping = new H2Housekeeping(connection);
        connection.setAutoCommit(false);
    }

    /**
     * Applies the entries in one transaction and commits it. Entries at or below
     * {@code appliedLsn} (a replay overlapping what is applied) are skipped.
     *
     * @return the last lsn applied: the highest applied in this batch, or {@code appliedLsn}
     * @throws SQLException (or a {@link RuntimeException}) once the transaction is rolled back
     */
    long apply(List<JournalEntry> batch, long appliedLsn) throws SQLException {
        long last = appliedLsn;
        boolean flush = false;
        try (PreparedStatement insertOp = connection.prepareStatement(H2Writes.INSERT_OP)) {
            int batched = 0;
            for (JournalEntry e : batch) {
                if (e.write() instanceof StoreWrite.Flush) {
                    flush = true;
                } else if (e.lsn() > appliedLsn) {
                    last = Math.max(last, e.lsn());
                    batched = applyWrite(e, insertOp, batched);
                }
            }
            if (batched > 0) {
                insertOp.executeBatch();
            }
            if (flush || rows.flushDue()) {
                rows.flush();
            }
            if (last > appliedLsn) {
                H2Writes.recordApplied(connection, last);
            }
            connection.commit();
            rows.committed();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
        return last;
    }

    /**
     * Applies one journaled write inside the open transaction; op rows are batched on
     * {@code insertOp}.
     *
     * @param batched how many op rows {@code insertOp} holds
     * @return how many it holds after this write
     */
    private int applyWrite(JournalEntry e, PreparedStatement insertOp, int batched) throws SQLException {
        StoreWrite w = e.write();
        if (w instanceof StoreWrite.Append a) {
            OpRecord op = a.op();
            DocumentRows.RowImage doc = rows.current(op.docId()).orElseGet(() -> rows.create(op.docId(), op.time()));
            if (op.version() != doc.version() + 1) {
                throw new StorageException("journal record " + e.lsn() + ": append of " + op.docId() + " version "
                        + op.version() + " does not follow version " + doc.version());
            }
            H2Writes.bindOp(insertOp, doc.docNo(), op, a.lengthAfter());
            insertOp.addBatch();
            rows.appended(op.docId(), doc, op.version(), a.lengthAfter(), op.time());
            return batched + 1;
        }
        if (w instanceof StoreWrite.Create c) {
            if (rows.current(c.docId()).isEmpty()) {
                rows.create(c.docId(), c.time());
            }
        } else if (w instanceof StoreWrite.PutSnapshot s) {
            H2Writes.insertSnapshotIfAbsent(connection, s.snapshot(), s.time());
        } else if (w instanceof StoreWrite.Delete d) {
            // The ops queued before the delete are inserted first, then removed with the rest.
            if (batched > 0) {
                insertOp.executeBatch();
            }
            Optional<DocumentRows.RowImage> doc = rows.current(d.docId());
            H2Writes.deleteDocument(
                    connection,
                    d.docId(),
                    doc.isPresent() ? OptionalInt.of(doc.get().docNo()) : OptionalInt.empty());
            rows.deleted(d.docId());
            return 0;
        }
        return batched;
    }

    /** The applier's connection, for work between its transactions ({@link H2Applier#between}). */
    Connection connection() {
        return connection;
    }

    /** Whether the database still answers a trivial query (H2 closes it after a failed write of its file). */
    boolean databaseOpen() {
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Whether a committed {@code documents} row lags its op rows. */
    boolean rowsLagging() {
        return rows.anyLagging();
    }

    /** Brings every lagging {@code documents} row up to date and commits. */
    void flushRows() throws SQLException {
        rows.flush();
        connection.commit();
        rows.committed();
    }

    /**
     * Makes everything committed durable in the database file ({@code CHECKPOINT SYNC}), then
     * rewrites the chunks that updates left mostly dead ({@link H2Housekeeping}).
     */
    void checkpoint() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CHECKPOINT SYNC");
        }
        housekeeping.rewriteSparseChunks();
    }

    /** The share of the database file's chunks that is live, in percent. */
    int chunksFillRate() {
        return housekeeping.chunksFillRate();
    }

    /** Rolls the open transaction back and forgets its changes to the rows' image; logs a failure. */
    void rollbackQuietly() {
        rows.rolledBack();
        try {
            connection.rollback();
        } catch (SQLException e) {
            if (H2Reopen.closedOrIo(e)) {
                // H2 closed the database after a failed write: the applier reopens it and logs that.
                log.debug("store: rollback failed: {}", e.toString());
            } else {
                log.warn("store: rollback failed", e);
            }
        }
    }
}
