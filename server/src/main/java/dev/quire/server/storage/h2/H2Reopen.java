package dev.quire.server.storage.h2;

import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.journal.Journal;
import dev.quire.server.storage.journal.JournalEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStoreException;

/**
 * Opens H2 again after it closed its database on a failed write of its file (a full disk), the
 * way a restart would, without one: a fresh connection for the applier (opening the database
 * from its file), the {@code documents} rows repaired, the journal records above the file's
 * {@code journal_state.applied_lsn} applied again up to the lsn the applier had reached (each
 * once: the file holds none above that lsn, and nothing below it is applied again), a
 * {@code CHECKPOINT SYNC} (which fails while the disk is still full: the attempt is then retried),
 * and only then fresh connections for the journal writer's heads and for the readers. Records
 * above that lsn wait in the applier's queue and follow as usual.
 *
 * <p>Runs on the applier's thread (only it writes H2's file, decision 030), while reads and the
 * heads fail as unavailable. Also says which failures are such a closed or failing database
 * ({@link #failure}).
 */
final class H2Reopen {
    /**
     * H2's codes for a database that closed or could not do I/O: 90098 (closed after a failure),
     * 90121 (closed at shutdown), 90028 and 90031 (I/O errors), 90067 (connection broken), 90007
     * (object already closed).
     */
    private static final Set<Integer> CLOSED_OR_IO = Set.of(90098, 90121, 90028, 90031, 90067, 90007);

    private final JdbcDataSource dataSource;
    private final Journal journal;
    private final H2Readers readers;
    private final H2Heads heads;
    private final int maxBatch;

    H2Reopen(JdbcDataSource dataSource, Journal journal, H2Readers readers, H2Heads heads, int maxBatch) {
        this.dataSource = dataSource;
        this.journal = journal;
        this.readers = readers;
        this.heads = heads;
        this.maxBatch = maxBatch;
    }

    /**
     * The data source of the database {@code <dataDir>/quire.mv.db}. {@code DB_CLOSE_ON_EXIT=FALSE}:
     * the store closes in its own shutdown order, after the writers drained. {@code WRITE_DELAY}: H2's
     * background writer sleeps for days, so H2 writes its file only on the applier's thread (at its
     * checkpoints, and when its buffer of unsaved changes fills), never while the applier commits
     * ({@link H2Housekeeping}, decision 030).
     */
    static JdbcDataSource dataSource(Path dataDir) {
        JdbcDataSource dataSource = new JdbcDataSource();
        Path file = dataDir.toAbsolutePath().resolve("quire");
        dataSource.setURL("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=" + H2Housekeeping.WRITE_DELAY);
        dataSource.setUser("quire");
        dataSource.setPassword("");
        return dataSource;
    }

    /**
     * Reopens the database and brings it up to {@code appliedLsn} (see the class comment).
     *
     * @param old the applier's connection to the closed database (closed here)
     * @return the applier's transaction on the reopened database
     * @throws SQLException, IOException or {@link RuntimeException} if this attempt failed (the
     *     disk is still full, say); the caller tries again later
     */
    BatchTransaction reopen(Connection old, long appliedLsn) throws SQLException, IOException {
        H2Readers.quietly(old);
        H2Readers.quietly(heads.connection());
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            H2Recovery.repairDocumentRows(c);
            long inFile = H2Recovery.appliedLsn(c);
            BatchTransaction transaction = new BatchTransaction(c);
            long reached = replay(transaction, inFile, appliedLsn);
            if (reached != appliedLsn) {
                throw new StorageException("the reopened database holds journal records up to " + reached
                        + ", not up to " + appliedLsn + " as before it closed");
            }
            transaction.flushRows();
            transaction.checkpoint();
            Connection check = dataSource.getConnection();
            check.setReadOnly(true);
            H2Readers.quietly(heads.replace(check));
            readers.replaceAll(dataSource);
            return transaction;
        } catch (SQLException | IOException | RuntimeException e) {
            H2Readers.quietly(c);
            throw e;
        }
    }

    /** Applies the journal's records above {@code from} up to {@code to}; returns the last applied. */
    private long replay(BatchTransaction transaction, long from, long to) throws IOException {
        long[] reached = {from};
        journal.replay(from, to, maxBatch, batch -> {
            List<JournalEntry> upTo = batch.stream().filter(e -> e.lsn() <= to).toList();
            try {
                if (!upTo.isEmpty()) {
                    reached[0] = transaction.apply(upTo, reached[0]);
                }
            } catch (SQLException e) {
                throw new StorageException("cannot apply the journal: " + e.getMessage(), e);
            }
        });
        return reached[0];
    }

    /**
     * What a failed read or write of the database becomes: {@linkplain StorageException#unavailable
     * unavailable} if the database closed or could not do I/O (it is being reopened), else a plain
     * {@link StorageException}.
     */
    static StorageException failure(String what, SQLException e) {
        String message = what + ": " + e.getMessage();
        return closedOrIo(e) ? StorageException.unavailable(message, e) : new StorageException(message, e);
    }

    /** Whether {@code e}, or a cause of it, says the database closed or could not do I/O. */
    static boolean closedOrIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && CLOSED_OR_IO.contains(s.getErrorCode())
                    || t instanceof MVStoreException
                    || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
