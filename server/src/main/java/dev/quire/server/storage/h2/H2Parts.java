package dev.quire.server.storage.h2;

import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.journal.Durability;
import dev.quire.server.storage.journal.Journal;
import dev.quire.server.storage.journal.JournalFiles;
import dev.quire.server.storage.journal.JournalWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The working parts of an {@link H2DocumentStore} — its data source, journal, applier, journal
 * writer, readers and the writer's heads — and the order in which they are opened ({@link #open}:
 * migrate, repair, replay the journal, then open the readers), started ({@link #start}) and
 * closed ({@link #close}).
 *
 * <p>Thread-safety: {@link #open}, {@link #start} and {@link #close} once each, in that order.
 */
record H2Parts(
        JdbcDataSource dataSource,
        Journal journal,
        H2Applier applier,
        JournalWriter writer,
        H2Readers readers,
        H2Heads heads) {
    private static final int READERS = 4;
    private static final int MAX_GROUP = 4096;
    /** Most journal records applied in one SQL transaction. */
    private static final int MAX_BATCH = 1_000;
    /** Most records journaled but not yet in the SQL tables; beyond it, writes wait. */
    private static final long MAX_LAG = 20_000;

    /**
     * Opens (creating if needed) the database under {@code dataDir}, migrates its schema and
     * applies what its journal holds beyond the database; nothing is started yet.
     *
     * @throws StorageException if the database cannot be opened, migrated or brought up to its journal
     */
    static H2Parts open(Path dataDir, Durability durability, long segmentBytes, JournalFiles files) {
        JdbcDataSource dataSource = H2Reopen.dataSource(dataDir);
        Journal journal = null;
        H2Readers readers = null;
        Connection writerConnection = null;
        Connection checkConnection = null;
        try {
            H2Recovery.migrate(dataSource);
            writerConnection = dataSource.getConnection();
            writerConnection.setAutoCommit(false);
            H2Recovery.repairDocumentRows(writerConnection);
            long applied = H2Recovery.appliedLsn(writerConnection);
            journal = new Journal(dataDir.toAbsolutePath().resolve("journal"), segmentBytes, durability, files);
            H2Applier applier = new H2Applier(writerConnection, journal, applied, MAX_BATCH);
            long nextLsn = H2Recovery.replay(journal, applier, applied, writerConnection, MAX_BATCH);
            readers = new H2Readers(dataSource, READERS);
            checkConnection = dataSource.getConnection();
            checkConnection.setReadOnly(true);
            H2Heads heads = new H2Heads(checkConnection);
            JournalWriter writer = new JournalWriter(journal, heads, applier, nextLsn, MAX_GROUP, MAX_LAG);
            return new H2Parts(dataSource, journal, applier, writer, readers, heads);
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(journal);
            if (readers != null) {
                readers.close();
            }
            for (Connection c : new Connection[] {writerConnection, checkConnection}) {
                if (c != null) {
                    H2Readers.quietly(c);
                }
            }
            throw new StorageException("cannot open H2 database " + dataSource.getURL() + ": " + e.getMessage(), e);
        }
    }

    /** Starts the applier (which reopens the database if H2 closes it after a failed write) and the journal writer. */
    void start() {
        applier.start(new H2Reopen(dataSource, journal, readers, heads, MAX_BATCH));
        writer.start();
    }

    /** Journals what is queued, applies it, checkpoints, and closes everything. */
    void close() {
        writer.stop();
        applier.stop();
        closeQuietly(journal);
        readers.close();
        H2Readers.quietly(heads.connection());
    }

    private static void closeQuietly(Journal j) {
        if (j != null) {
            try {
                j.close();
            } catch (IOException e) {
                // Closing is best effort: every record written is already in the file.
            }
        }
    }
}
