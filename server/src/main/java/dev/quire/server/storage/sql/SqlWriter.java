package dev.quire.server.storage.sql;

import dev.quire.server.storage.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * Where the writes of the small tables beside the op log go (comments, suggestions, chat;
 * decisions 026, 032, 034): to the {@link Writes} given (on H2, the applier: decision 030), else
 * to a writer thread of its own, one connection a write in auto-commit. Either way writes commit
 * in call order. Thread-safe.
 */
public final class SqlWriter implements AutoCloseable {
    /** One write, on the connection it is given. */
    public interface Write {
        void run(Connection c) throws SQLException;
    }

    /**
     * Where and how a write runs: the H2 store hands it to its applier, the one thread that
     * writes H2's file, which commits and checkpoints it (decision 030).
     */
    public interface Writes {
        CompletableFuture<Void> run(Write write);
    }

    private final DataSource dataSource;
    private final String what;
    private final ExecutorService writer;
    private final Writes writes;

    /**
     * @param name the writer thread's middle name ({@code quire-NAME-writer})
     * @param what what is written, for the error ("a comment", "a chat message")
     * @param writes where writes go, or {@code null} for a writer thread of its own
     */
    SqlWriter(DataSource dataSource, String name, String what, Writes writes) {
        this.dataSource = dataSource;
        this.what = what;
        if (writes == null) {
            this.writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "quire-" + name + "-writer");
                t.setDaemon(true);
                return t;
            });
            this.writes = this::ownWrite;
        } else {
            this.writer = null;
            this.writes = writes;
        }
    }

    /** Runs {@code w}; completes once it is committed. */
    CompletableFuture<Void> run(Write w) {
        return writes.run(w);
    }

    private CompletableFuture<Void> ownWrite(Write w) {
        return CompletableFuture.runAsync(
                () -> {
                    try (Connection c = dataSource.getConnection()) {
                        c.setAutoCommit(true);
                        w.run(c);
                    } catch (SQLException e) {
                        throw new StorageException("writing " + what + " failed: " + e.getMessage(), e);
                    }
                },
                writer);
    }

    /** Stops the writer thread, if it has one, after the writes already called. */
    @Override
    public void close() {
        if (writer != null) {
            writer.shutdown();
        }
    }
}
