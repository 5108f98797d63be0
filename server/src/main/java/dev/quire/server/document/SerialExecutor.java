package dev.quire.server.document;

import dev.quire.server.fatal.FatalErrors;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs submitted tasks one at a time, in submission order, on a shared pool: the mailbox of one
 * live document. After {@value #BATCH} tasks in a row it yields the pool thread to others.
 * {@link #execute} is thread-safe; {@link #closeIfIdle} is called from a running task.
 */
final class SerialExecutor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
    private static final int BATCH = 64;

    private final Executor pool;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Object lock = new Object();
    private boolean closed;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    /** Queues a task; false if this executor was closed (the task will never run). */
    boolean execute(Runnable task) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            tasks.add(task);
            if (pending.getAndIncrement() != 0) {
                return true;
            }
        }
        pool.execute(this::drain);
        return true;
    }

    /**
     * Like {@link #execute}, but when nothing is queued the task runs at once on the calling
     * thread (and whatever queues behind it, up to {@value #BATCH} tasks) instead of waking a
     * pool thread: one thread hand-off less per op. For callers whose thread may do a little
     * document work (the WebSocket I/O threads routing an op or a presence).
     */
    boolean executeHere(Runnable task) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            tasks.add(task);
            if (pending.getAndIncrement() != 0) {
                return true;
            }
        }
        drain();
        return true;
    }

    /**
     * From inside a running task: closes the executor if no other task is queued. After a
     * successful close, {@link #execute} returns false.
     */
    boolean closeIfIdle() {
        synchronized (lock) {
            if (pending.get() == 1) {
                closed = true;
            }
            return closed;
        }
    }

    private void drain() {
        for (int i = 1; ; i++) {
            Runnable task = tasks.poll();
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // Out of memory ends the process; any other failure is this one task's.
                FatalErrors.haltIfFatal(e);
                log.error("document task failed", e);
            }
            if (pending.decrementAndGet() == 0) {
                return;
            }
            if (i >= BATCH) {
                pool.execute(this::drain);
                return;
            }
        }
    }
}
