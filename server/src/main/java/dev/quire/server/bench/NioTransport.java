package dev.quire.server.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The lean transport ({@code --client nio}, the default): one thread, {@code bench-io}, runs one
 * {@link Selector} for every editor's {@link NioConnection} and the open-loop ticks, so a measured
 * latency holds no thread hop and the generator takes little of the CPU it shares with the server.
 *
 * <p>Each turn of the loop: wait for readiness, or until the earliest tick is due (epoll's timeout
 * is in whole milliseconds, so a tick may run up to 1 ms late; the schedule is absolute, so the
 * rate holds); run the tasks other threads handed over; read and answer each ready connection,
 * flushing what it queued straight away; run the due ticks and flush what they queued.
 *
 * <p>Thread-safety: the public methods may be called from any thread; they hand their work to the
 * loop through a queue and {@link Selector#wakeup()}. Everything else belongs to {@code bench-io}.
 */
final class NioTransport implements BenchTransport {
    /** How long {@link #close()} lets the connections finish their closing handshakes. */
    private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Masks and handshake keys; loop thread only. */
    private final SplittableRandom random;

    /** The batch frames decoded lately; loop thread only. */
    private final KnownFrames frames = new KnownFrames();

    private final PriorityQueue<Tick> ticks = new PriorityQueue<>(Comparator.comparingLong(t -> t.due));
    private final List<NioConnection> dirty = new ArrayList<>();
    private int open;
    private long stopAt = Long.MAX_VALUE;
    private boolean stopping;

    /** Starts the {@code bench-io} thread; {@code seed} seeds the masks and handshake keys. */
    NioTransport(long seed) throws IOException {
        this.selector = Selector.open();
        this.random = new SplittableRandom(seed);
        this.thread = new Thread(this::loop, "bench-io");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public BenchSocket open(URI url, Optional<String> bearer, BenchEditor editor) throws Exception {
        if (!"ws".equals(url.getScheme())) {
            throw new IllegalArgumentException("open: expected a ws:// URL, found " + url);
        }
        InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort() == -1 ? 80 : url.getPort());
        NioConnection connection = new NioConnection(this, new WsHandshake.Target(url, bearer), address, editor);
        execute(connection::connect);
        try {
            connection.opened().get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            execute(connection::abort);
            throw new IOException(url + ": no WebSocket handshake within 20 s", e);
        } catch (ExecutionException e) {
            throw new IOException(url + ": " + e.getCause().getMessage(), e.getCause());
        }
        return connection;
    }

    @Override
    public void repeat(Runnable tick, long delayNanos, long periodNanos) {
        long first = System.nanoTime() + delayNanos;
        execute(() -> ticks.add(new Tick(first, periodNanos, tick)));
    }

    @Override
    public void stopRepeating() {
        execute(ticks::clear);
    }

    /**
     * Lets every connection finish its closing handshake for up to 2 s, then closes what is left,
     * the selector and the thread; returns when the thread has ended.
     */
    @Override
    public void close() {
        execute(() -> {
            stopping = true;
            stopAt = System.nanoTime() + CLOSE_GRACE_NANOS;
        });
        try {
            thread.join(TimeUnit.NANOSECONDS.toMillis(CLOSE_GRACE_NANOS) + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            System.err.println("bench-io: " + frames.summary());
        }
    }

    /** Runs {@code task} on the loop thread, soon. Any thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    Selector selector() {
        return selector;
    }

    SplittableRandom random() {
        return random;
    }

    /** The batch frames decoded lately. Loop thread. */
    KnownFrames frames() {
        return frames;
    }

    /** A connection's channel was registered with the selector. Loop thread. */
    void registered() {
        open++;
    }

    /** A registered connection's channel was closed. Loop thread. */
    void unregistered() {
        open--;
    }

    /** {@code connection} queued bytes; it is flushed at the end of the current step. Loop thread. */
    void dirty(NioConnection connection) {
        dirty.add(connection);
    }

    private void loop() {
        Exception crash = null;
        try {
            while (!stopping || open > 0 && System.nanoTime() < stopAt) {
                long wait = waitNanos();
                if (wait == 0) {
                    selector.selectNow(this::ready);
                } else {
                    // select(…, 0) would block without limit: round a due-soon tick up to 1 ms.
                    selector.select(
                            this::ready, wait < 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
                }
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                    flush();
                }
                runTicks();
            }
        } catch (IOException | RuntimeException e) {
            crash = e;
        } finally {
            for (SelectionKey key : selector.keys()) {
                NioConnection connection = (NioConnection) key.attachment();
                if (crash == null) {
                    connection.abort();
                } else {
                    connection.fail("client-fault: bench-io stopped: " + crash, crash);
                }
            }
            try {
                selector.close();
            } catch (IOException e) {
                // Closing at exit: nothing is left to report it to.
            }
        }
    }

    /** Nanoseconds until the loop must wake up by itself: 0 = now, -1 = only when woken. */
    private long waitNanos() {
        if (!tasks.isEmpty()) {
            return 0;
        }
        long due = stopping ? stopAt : Long.MAX_VALUE;
        Tick next = ticks.peek();
        if (next != null) {
            due = Math.min(due, next.due);
        }
        return due == Long.MAX_VALUE ? -1 : Math.max(0, due - System.nanoTime());
    }

    private void ready(SelectionKey key) {
        ((NioConnection) key.attachment()).ready(key);
        flush();
    }

    private void runTicks() {
        long now = System.nanoTime();
        // Fixed rate, as ScheduledExecutorService.scheduleAtFixedRate: a late tick catches up.
        while (!ticks.isEmpty() && ticks.peek().due <= now) {
            Tick t = ticks.poll();
            t.action.run();
            t.due += t.period;
            ticks.add(t);
        }
        flush();
    }

    private void flush() {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }

    /** One {@link #repeat}: mutable, owned by the loop thread. */
    private static final class Tick {
        private long due;
        private final long period;
        private final Runnable action;

        Tick(long due, long period, Runnable action) {
            this.due = due;
            this.period = period;
            this.action = action;
        }
    }
}
