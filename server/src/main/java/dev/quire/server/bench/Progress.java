package dev.quire.server.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A line per second while a run goes on, on standard error (the report stays alone on standard
 * output): seconds since the editors started, the phase, acks received in the last second, their
 * submit→ack p50/p99, and errors so far.
 *
 * <pre>
 *   bench:  12 s  measuring   9,812 acks/s  ack p50 0.412 ms  p99 2.101 ms  errors 0
 * </pre>
 *
 * <p>Runs on its own daemon thread ({@code bench-progress}), which reads the editors under their
 * locks once a second; {@link #close()} stops it.
 */
final class Progress implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stopped;

    private Progress(Thread thread) {
        this.thread = thread;
    }

    /** Starts printing to {@code out}; the measured window starts {@code warmupNanos} after now. */
    static Progress start(
            List<BenchEditor> editors, Map<String, AtomicLong> errors, long warmupNanos, PrintStream out) {
        long start = System.nanoTime();
        int[] cursors = new int[editors.size()];
        Progress[] self = new Progress[1];
        Thread t = new Thread(
                () -> {
                    long next = start + 1_000_000_000L;
                    while (!self[0].stopped) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            try {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        if (self[0].stopped) {
                            return;
                        }
                        Latencies second = new Latencies();
                        for (int i = 0; i < editors.size(); i++) {
                            cursors[i] = editors.get(i).acksSince(cursors[i], second);
                        }
                        long elapsed = next - start;
                        out.println(line(elapsed, elapsed > warmupNanos, second.summary(), total(errors)));
                        next += 1_000_000_000L;
                    }
                },
                "bench-progress");
        t.setDaemon(true);
        self[0] = new Progress(t);
        t.start();
        return self[0];
    }

    static String line(long elapsedNanos, boolean measuring, Latencies.Summary acks, long errors) {
        return String.format(
                Locale.ROOT,
                "bench: %3d s  %-9s %,7d acks/s  ack p50 %.3f ms  p99 %.3f ms  errors %d",
                elapsedNanos / 1_000_000_000L,
                measuring ? "measuring" : "warm-up",
                acks.count(),
                acks.p50() / 1e6,
                acks.p99() / 1e6,
                errors);
    }

    private static long total(Map<String, AtomicLong> errors) {
        return errors.values().stream().mapToLong(AtomicLong::get).sum();
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
