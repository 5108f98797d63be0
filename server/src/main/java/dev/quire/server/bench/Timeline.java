package dev.quire.server.bench;

import java.util.List;

/**
 * The measured window second by second (the window rounded to whole seconds), by the time each
 * op was sent: how many ops sent in that
 * second were acknowledged, and the submit→ack and submit→remote-receipt latencies of those ops
 * ({@link Latencies}, so each second is a histogram of its own). For the report's latency-over-
 * time plot.
 *
 * <p>Not thread-safe: one owner adds, then reads.
 */
final class Timeline {
    private final long from;
    private final Second[] seconds;

    /** A window from {@code fromNanos} to {@code toNanos} ({@link System#nanoTime}). */
    Timeline(long fromNanos, long toNanos) {
        this.from = fromNanos;
        // Whole seconds: the few microseconds a window overruns its sleep join the last second.
        int n = (int) Math.max(1, Math.round((toNanos - fromNanos) / 1e9));
        this.seconds = new Second[n];
        for (int i = 0; i < n; i++) {
            seconds[i] = new Second(i, new Latencies(), new Latencies());
        }
    }

    /** An op sent at {@code sentAt} was acknowledged {@code nanos} later. */
    void ack(long sentAt, long nanos) {
        at(sentAt).ack.add(nanos);
    }

    /** An op sent at {@code sentAt} reached another editor {@code nanos} later. */
    void remote(long sentAt, long nanos) {
        at(sentAt).remote.add(nanos);
    }

    List<Second> seconds() {
        return List.of(seconds);
    }

    private Second at(long sentAt) {
        int i = (int) ((sentAt - from) / 1_000_000_000L);
        return seconds[Math.max(0, Math.min(seconds.length - 1, i))];
    }

    /** One second of the window: {@code index} from 0; acks and remote receipts of ops sent in it. */
    record Second(int index, Latencies ack, Latencies remote) {
        /** Acknowledged ops sent in this second. */
        long acked() {
            return ack.size();
        }
    }
}
