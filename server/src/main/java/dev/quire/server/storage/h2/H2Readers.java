package dev.quire.server.storage.h2;

import dev.quire.server.storage.StorageException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The store's read-only connections: a fixed pool that callers take one from, use, and give
 * back. Reads never write H2's file (only the applier's thread does, decision 030). Whether the
 * tables hold what a read must see is the caller's to wait for.
 *
 * <p>After H2 closed its database on a failed write, the applier reopens it and gives the pool
 * fresh connections ({@link #replaceAll}); a connection of the closed database still in use is
 * closed when it comes back, one still idle when it is next taken.
 *
 * <p>Thread-safety: {@link #read}, {@link #answers} from any thread; {@link #replaceAll} from the
 * applier's; {@link #close} once, after the last read.
 */
final class H2Readers implements AutoCloseable {
    /** What a read does with its connection. */
    interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    /** A connection of the pool, and the generation of connections it belongs to. */
    private record Reader(Connection connection, int generation) {}

    private final BlockingQueue<Reader> idle = new LinkedBlockingQueue<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final int count;
    private volatile int generation;

    /** Opens {@code count} read-only connections; on a failure, closes those already open. */
    H2Readers(DataSource dataSource, int count) throws SQLException {
        this.count = count;
        idle.addAll(openAll(dataSource, 0));
    }

    private List<Reader> openAll(DataSource dataSource, int gen) throws SQLException {
        List<Reader> opened = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Connection c = dataSource.getConnection();
                open.add(c);
                opened.add(new Reader(c, gen));
                c.setReadOnly(true);
            }
        } catch (SQLException | RuntimeException e) {
            opened.forEach(r -> closeQuietly(r.connection()));
            throw e;
        }
        return opened;
    }

    /**
     * Puts {@code count} fresh connections of {@code dataSource} in place of the pool's (those of a
     * database that closed). On the applier's thread, once the reopened database holds what reads
     * must see.
     */
    void replaceAll(DataSource dataSource) throws SQLException {
        List<Reader> fresh = openAll(dataSource, generation + 1);
        generation++;
        idle.addAll(fresh);
        Reader r;
        List<Reader> kept = new ArrayList<>();
        while ((r = idle.poll()) != null) {
            if (r.generation() == generation) {
                kept.add(r);
            } else {
                closeQuietly(r.connection());
            }
        }
        idle.addAll(kept);
    }

    /** Runs {@code query} on a connection of the pool, waiting for one if all are in use. */
    <T> T read(Query<T> query) {
        Reader r;
        try {
            r = take(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for a database connection");
        }
        try {
            return query.run(r.connection());
        } catch (SQLException e) {
            throw H2Reopen.failure("read failed", e);
        } finally {
            giveBack(r);
        }
    }

    /** Whether the database answers a trivial query within a second (every reader busy for a second: no). */
    boolean answers() {
        Reader r;
        try {
            r = take(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (r == null) {
            return false;
        }
        try (Statement s = r.connection().createStatement()) {
            s.setQueryTimeout(1);
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                return rs.next();
            }
        } catch (SQLException e) {
            return false;
        } finally {
            giveBack(r);
        }
    }

    /** Takes a reader of the current generation, closing older ones; null after {@code millis}. */
    private Reader take(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(millis, 1L << 40));
        while (true) {
            Reader r = idle.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (r == null || r.generation() == generation) {
                return r;
            }
            closeQuietly(r.connection());
        }
    }

    private void giveBack(Reader r) {
        if (r.generation() == generation) {
            idle.add(r);
        } else {
            closeQuietly(r.connection());
        }
    }

    @Override
    public void close() {
        for (Connection c : open) {
            closeQuietly(c);
        }
    }

    private void closeQuietly(Connection c) {
        open.remove(c);
        H2Readers.quietly(c);
    }

    static void quietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // Closing is best effort; the database file is consistent after every commit.
        }
    }
}
