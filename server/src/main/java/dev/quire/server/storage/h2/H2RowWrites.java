package dev.quire.server.storage.h2;

import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.journal.JournalWriter;
import dev.quire.server.storage.journal.StoreWrite;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * The rows written outside the journal — a document's title, its named versions (decision 027)
 * — and what they wait for: the lazily updated {@code documents} rows brought up to every write
 * journaled before ({@link #flush}, which the document list needs too). A write runs on the
 * applier's thread between two of its transactions (only that thread writes H2's file, decision
 * 030) and is checkpointed at once, since no journal record covers it.
 *
 * <p>Thread-safety: any thread.
 */
final class H2RowWrites {
    private final JournalWriter writer;
    private final H2Applier applier;
    private final long waitMillis;

    H2RowWrites(JournalWriter writer, H2Applier applier, long waitMillis) {
        this.writer = writer;
        this.applier = applier;
        this.waitMillis = waitMillis;
    }

    /** Runs {@code write} on the applier's connection, commits and checkpoints; completes with its answer. */
    CompletableFuture<Boolean> write(H2Readers.Query<Boolean> write) {
        try {
            flush();
            return CompletableFuture.completedFuture(applier.between(
                    c -> {
                        try {
                            boolean exists = write.run(c);
                            c.commit();
                            try (java.sql.Statement st = c.createStatement()) {
                                st.execute("CHECKPOINT");
                            }
                            return exists;
                        } catch (SQLException | RuntimeException e) {
                            c.rollback();
                            throw e;
                        }
                    },
                    waitMillis));
        } catch (StorageException e) {
            return CompletableFuture.failedFuture(
                    e.isUnavailable() ? e : new StorageException("write failed: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Brings the lazily updated documents rows up to every write journaled so far. */
    void flush() {
        CompletableFuture<Void> flushed = new CompletableFuture<>();
        writer.submit(new StoreWrite.Flush(flushed));
        try {
            flushed.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof StorageException s && s.isUnavailable()
                    ? s
                    : new StorageException("cannot update the document list: " + e.getMessage(), e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new StorageException("cannot update the document list: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while updating the document list");
        }
        applier.awaitApplied(writer.journaledLsn(), waitMillis);
    }

    /**
     * Runs {@code write} on the applier's connection between two of its transactions, then commits
     * and checkpoints it, without waiting (a comment or a chat message: decisions 026, 032).
     */
    CompletableFuture<Void> writeComment(dev.quire.server.storage.sql.SqlWriter.Write write) {
        return applier.later(c -> {
            try {
                write.run(c);
                c.commit();
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("CHECKPOINT");
                }
                return null;
            } catch (SQLException e) {
                c.rollback();
                throw new StorageException("writing a comment failed: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        });
    }
}
