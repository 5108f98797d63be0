package dev.quire.server.transport;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioIoThread;

/**
 * One lane per network I/O thread: the connections of that thread which have frames to hand
 * over. A document's flush queues a batch on 1,000 connections; each connection asks its lane
 * to drain it, and the lane wakes its I/O thread once for all of them, not once per connection
 * (decision 035). The I/O thread then hands each connection's frames to the WebSocket library
 * and writes its socket in place, with no further hand-off. Thread-safe.
 */
final class IoLanes {
    private static final Logger log = LoggerFactory.getLogger(IoLanes.class);

    private final Map<XnioIoThread, Lane> lanes = new ConcurrentHashMap<>();

    /** The lane of the I/O thread {@code thread}, made on first use. */
    Executor lane(XnioIoThread thread) {
        return lanes.computeIfAbsent(thread, Lane::new);
    }

    private static final class Lane implements Executor, Runnable {
        private final XnioIoThread thread;
        private final Queue<Runnable> ready = new ConcurrentLinkedQueue<>();
        /** Tasks added and not yet run; whoever raises it from 0 posts the lane to its thread. */
        private final AtomicInteger size = new AtomicInteger();

        Lane(XnioIoThread thread) {
            this.thread = thread;
        }

        @Override
        public void execute(Runnable task) {
            ready.add(task);
            if (size.getAndIncrement() == 0) {
                post(() -> thread.execute(this));
            }
        }

        /**
         * Posts this lane to its thread. A thread that is terminating (the server stopping) refuses:
         * its sockets close with it, so what was queued for them is dropped, not reported as a
         * fault of the document that sent it (a stopping test server logged one, CI 2026-12-06).
         */
        private void post(Runnable posting) {
            try {
                posting.run();
            } catch (RejectedExecutionException e) {
                log.debug("I/O thread {} is stopping: {} queued sends dropped", thread.getName(), size.get());
            }
        }

        /**
         * Runs the tasks queued when it began, no more: tasks queued meanwhile (the next flush of a
         * document faster than this thread can write) wait for the next run, which comes after the
         * thread has polled its sockets. Otherwise the thread would never read again (pongs, ops)
         * while fan-out outpaced it.
         */
        @Override
        public void run() {
            int n = size.get();
            for (int i = 0; i < n; i++) {
                try {
                    ready.poll().run();
                } catch (RuntimeException e) {
                    // One connection's fault must not strand the others queued behind it.
                    log.error("connection drain failed", e);
                }
            }
            if (size.addAndGet(-n) > 0) {
                // A delayed task runs after the thread's next poll of its sockets; execute() (and XNIO's
                // executeAfter below 1 ms) would run it before. Only a thread behind waits this 1 ms.
                post(() -> thread.executeAfter(this, 1, TimeUnit.MILLISECONDS));
            }
        }
    }
}
