package dev.quire.server.transport;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lane per network I/O thread: the connections of that thread which have frames to hand
 * over. A document's flush queues a batch on 1,000 connections; each connection asks its lane
 * to drain it, and the lane wakes its I/O thread once for all of them, not once per connection
 * (decision 035). The I/O thread then hands each connection's frames to the WebSocket library
 * and writes its socket in place, with no further hand-off. Thread-safe.
 */
final class IoLanes {
    private static final Logger log = LoggerFactory.getLogger(IoLanes.class);

    private final Map<Executor, Lane> lanes = new ConcurrentHashMap<>();

    /** The lane of the I/O thread {@code thread}, made on first use. */
    Executor lane(Executor thread) {
        return lanes.computeIfAbsent(thread, Lane::new);
    }

    private static final class Lane implements Executor, Runnable {
        private final Executor thread;
        private final Queue<Runnable> ready = new ConcurrentLinkedQueue<>();
        /** Whether a run of this lane is queued on its thread and has not begun taking tasks. */
        private final AtomicBoolean posted = new AtomicBoolean();

        Lane(Executor thread) {
            this.thread = thread;
        }

        @Override
        public void execute(Runnable task) {
            ready.add(task);
            if (posted.compareAndSet(false, true)) {
                thread.execute(this);
            }
        }

        @Override
        public void run() {
            // Cleared before taking: a task added from now on either is taken below or posts again.
            posted.set(false);
            Runnable task;
            while ((task = ready.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // One connection's fault must not strand the others queued behind it.
                    log.error("connection drain failed", e);
                }
            }
        }
    }
}
