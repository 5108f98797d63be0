package dev.quire.server.storage.h2;

import dev.quire.server.storage.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.sql.DataSource;

/**
 * The store's read-only connections: a fixed pool that callers take one from, use, and give
 * back. Reads never write H2's file (only the applier's thread does, decision 030). Whether the
 * tables hold what a read must see is the caller's to wait for.
 *
 * <p>Thread-safety: {@link #read} from any thread; {@link #close} once, after the last read.
 */
final class H2Readers implements AutoCloseable {
    /** What a read does with its connection. */
    interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();

    /** Opens {@code count} read-only connections; on a failure, closes those already open. */
    H2Readers(DataSource dataSource, int count) throws SQLException {
        this.idle = new ArrayBlockingQueue<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Connection c = dataSource.getConnection();
                all.add(c);
                c.setReadOnly(true);
                idle.add(c);
            }
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Runs {@code query} on a connection of the pool, waiting for one if all are in use. */
    <T> T read(Query<T> query) {
        Connection c;
        try {
            c = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for a database connection");
        }
        try {
            return query.run(c);
        } catch (SQLException e) {
            throw new StorageException("read failed: " + e.getMessage(), e);
        } finally {
            idle.add(c);
        }
    }

    /** The connections not in use right now (the health check borrows one). */
    BlockingQueue<Connection> idle() {
        return idle;
    }

    @Override
    public void close() {
        for (Connection c : all) {
            closeQuietly(c);
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // Closing is best effort; the database file is consistent after every commit.
        }
    }
}
