package dev.quire.server.storage.pg;

import dev.quire.server.fatal.FatalErrors;
import dev.quire.server.storage.Generation;
import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.journal.StoreWrite;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of {@link PgDocumentStore}: one thread, {@code quire-pg-write}, takes every write
 * waiting (up to {@value #MAX_BATCH}) and commits them in one transaction ({@link PgBatch}) on
 * one pooled connection — group commit, across documents — and only after the commit completes
 * their futures, in call order. If the batch's transaction fails as a whole (a lost connection,
 * a deadlock with another node), it is rolled back and every write of it is tried again alone,
 * each in its own transaction; a write that fails alone fails its future.
 *
 * <p>When an append fails (a {@code ConflictException} or another fault), every write of the same
 * document made on top of the failed op is stale and fails (an append) or is dropped (a
 * snapshot): every write of it queued before the failed future completed, and every later write
 * of the failed append's {@link Generation} — its document queued them before it heard of the
 * failure (decision 049). The writer records the number of the last write queued, and completes
 * the failed future, under the lock that queuing takes: so a write queued by whoever reacted to
 * that failure without a generation, or in a new one, is never taken for stale.
 */
final class PgWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(PgWriter.class);
    static final int MAX_BATCH = 1_000;

    private record Queued(long no, StoreWrite write, Optional<Generation> generation) {}

    /** The pool gave no connection (the database is unreachable, or every connection is busy for too long). */
    private static final class NoConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoConnection(SQLException cause) {
            super("no connection to PostgreSQL: " + cause.getMessage(), cause);
        }
    }

    private final DataSource dataSource;
    private final Object lock = new Object();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private final Thread thread;
    private long lastNo;
    private boolean closed;
    /**
     * An append of a document, made in {@code generation} if it had one, failed at {@code version}
     * when the last write queued was number {@code no}.
     */
    private record Fence(long no, int version, Optional<Generation> generation) {}

    /** By document (writer thread; written under the lock). */
    private final Map<String, Fence> fences = new HashMap<>();

    PgWriter(DataSource dataSource) {
        this.dataSource = dataSource;
        this.thread = new Thread(this, "quire-pg-write");
        thread.setDaemon(true);
        // Without it the server would go on accepting ops that are never acknowledged.
        thread.setUncaughtExceptionHandler(FatalErrors.essential());
    }

    void start() {
        thread.start();
    }

    void submit(StoreWrite write) {
        submit(write, Optional.empty());
    }

    /** Queues a write made in {@code generation} of its document. */
    void submit(StoreWrite write, Generation generation) {
        submit(write, Optional.of(generation));
    }

    private void submit(StoreWrite write, Optional<Generation> generation) {
        synchronized (lock) {
            if (closed) {
                write.fail(new StorageException("the store is closed"));
                return;
            }
            queue.add(new Queued(++lastNo, write, generation));
            lock.notifyAll();
        }
    }

    /** Commits every queued write, then stops the thread. */
    void stop() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (true) {
            List<Queued> batch = new ArrayList<>();
            synchronized (lock) {
                while (queue.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        closed = true;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                    batch.add(queue.poll());
                }
            }
            try {
                commit(batch);
            } catch (SQLException | RuntimeException e) {
                if (batch.size() == 1 || e instanceof NoConnection) {
                    // Alone, or without a connection: trying each write again would only wait again.
                    for (Queued q : batch) {
                        finish(List.of(q), List.of(new PgBatch.Failed(storageFault(e))), failedAppend(q));
                    }
                    continue;
                }
                log.warn(
                        "store: a group commit of {} writes failed ({}); committing them one by one",
                        batch.size(),
                        e.toString());
                RuntimeException unreachable = null;
                for (Queued q : batch) {
                    try {
                        if (unreachable != null) {
                            throw unreachable;
                        }
                        commit(List.of(q));
                    } catch (SQLException | RuntimeException alone) {
                        if (alone instanceof NoConnection) {
                            unreachable = (NoConnection) alone;
                        }
                        finish(List.of(q), List.of(new PgBatch.Failed(storageFault(alone))), failedAppend(q));
                    }
                }
            }
        }
    }

    private void commit(List<Queued> batch) throws SQLException {
        List<StoreWrite> writes = batch.stream().map(Queued::write).toList();
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new NoConnection(e);
        }
        PgBatch tx;
        List<PgBatch.Outcome> outcomes;
        try {
            connection.setAutoCommit(false);
            tx = new PgBatch(connection);
            outcomes = tx.apply(writes, i -> fencedFrom(batch.get(i)));
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            closeQuietly(connection);
            throw e;
        }
        closeQuietly(connection);
        // Committed: from here on nothing may send the batch back to be committed again.
        finish(batch, outcomes, tx.failedAppends());
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.warn("store: could not return a connection to the pool ({})", e.toString());
        }
    }

    private OptionalInt fencedFrom(Queued q) {
        String doc = docOf(q);
        Fence fence = doc == null ? null : fences.get(doc);
        if (fence == null) {
            return OptionalInt.empty();
        }
        if (q.no() <= fence.no()
                || (q.generation().isPresent() && q.generation().equals(fence.generation()))) {
            return OptionalInt.of(fence.version());
        }
        // Queued after the failure was reported and not in the failed generation: made on what is
        // committed. A generation's fence stays until its document writes in a new generation (or
        // is deleted): until then a write of the failed generation may still come.
        if (fence.generation().isEmpty() || q.generation().isPresent() || q.write() instanceof StoreWrite.Delete) {
            fences.remove(doc);
        }
        return OptionalInt.empty();
    }

    /** Fences the failed documents, then completes every future, under the queue's lock. */
    private void finish(List<Queued> batch, List<PgBatch.Outcome> outcomes, Map<String, Integer> failedAppends) {
        synchronized (lock) {
            failedAppends.forEach((doc, version) ->
                    fences.merge(doc, new Fence(lastNo, version, generationOf(batch, doc, version)), PgWriter::merge));
            for (int i = 0; i < batch.size(); i++) {
                StoreWrite w = batch.get(i).write();
                if (outcomes.get(i) instanceof PgBatch.Failed f) {
                    w.fail(f.cause());
                } else if (w instanceof StoreWrite.Delete d) {
                    d.done().complete((Boolean) ((PgBatch.Done) outcomes.get(i)).value());
                } else if (w instanceof StoreWrite.WithoutResult r) {
                    r.complete();
                }
            }
        }
    }

    /** Two failures of one document: the lower version of one generation, else the later failure's. */
    private static Fence merge(Fence earlier, Fence later) {
        return earlier.generation().equals(later.generation())
                ? new Fence(later.no(), Math.min(earlier.version(), later.version()), later.generation())
                : later;
    }

    /** The generation of the batch's append of {@code doc} at {@code version}. */
    private static Optional<Generation> generationOf(List<Queued> batch, String doc, int version) {
        for (Queued q : batch) {
            if (q.write() instanceof StoreWrite.Append a && a.op().docId().equals(doc) && a.op().version() == version) {
                return q.generation();
            }
        }
        return Optional.empty();
    }

    /** The failed append of a write that failed alone, if it is an append. */
    private static Map<String, Integer> failedAppend(Queued q) {
        return q.write() instanceof StoreWrite.Append a ? Map.of(a.op().docId(), a.op().version()) : Map.of();
    }

    private static String docOf(Queued q) {
        StoreWrite w = q.write();
        if (w instanceof StoreWrite.Append a) {
            return a.op().docId();
        } else if (w instanceof StoreWrite.PutSnapshot s) {
            return s.snapshot().docId();
        } else if (w instanceof StoreWrite.Create c) {
            return c.docId();
        } else if (w instanceof StoreWrite.Delete d) {
            return d.docId();
        }
        return null;
    }

    private static StorageException storageFault(Exception e) {
        if (e instanceof StorageException s) {
            return s;
        }
        if (e instanceof NoConnection || PgFaults.lostConnection(e)) {
            // Nothing of it committed that a resend would not find by its seq: the client may retry.
            return StorageException.unavailable("PostgreSQL unavailable: " + e.getMessage(), e);
        }
        return new StorageException("PostgreSQL write failed: " + e.getMessage(), e);
    }
}
