package dev.quire.server.bench;

import dev.quire.ot.client.AdaptiveWindow;
import java.util.Arrays;

/**
 * When each of one editor's ops in flight was sent, and the window their round trips allow
 * (ot-core's {@link AdaptiveWindow}, decision 053): {@code --in-flight W} is the maximum, and the
 * editor falls back to one op in flight while its acks lag.
 *
 * <pre>
 *   times.sent(at)               for each op sent, in seq order
 *   sentAt = times.acked(at)     for each ack of ours, in seq order, before the state takes it
 *   state.window(times.window()) then the state takes the ack
 * </pre>
 *
 * <p>The window is given to the {@link EditorState} before it takes the ack, so that a slow ack
 * does not send the buffer as one more pipelined op. Times are {@link System#nanoTime} values in
 * the load generator and chosen values in tests: nothing here reads a clock.
 *
 * <p>Not thread-safe: one owner (the bench editor under its lock, or one test thread).
 */
public final class AckTimes {
    private long[] sentAt = new long[8];
    private int head;
    private int size;
    private AdaptiveWindow window;
    private long drops;

    /** An editor's times with {@code --in-flight} {@code max} (1 to {@code Client.MAX_WINDOW}). */
    public AckTimes(int max) {
        this.window = AdaptiveWindow.of(max);
    }

    /** The next op in seq order was sent at {@code at}. */
    public void sent(long at) {
        if (size == sentAt.length) {
            long[] grown = new long[size * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = sentAt[(head + i) % sentAt.length];
            }
            sentAt = grown;
            head = 0;
        }
        sentAt[(head + size) % sentAt.length] = at;
        size++;
    }

    /**
     * The oldest op in flight was acknowledged at {@code at}: the window follows its round trip.
     *
     * @return when it was sent, or 0 when no send is known (the window is then left as it was)
     */
    public long acked(long at) {
        if (size == 0) {
            return 0;
        }
        long sent = sentAt[head];
        head = (head + 1) % sentAt.length;
        size--;
        int before = window.window();
        window = window.afterAck(Math.max(0, at - sent));
        if (window.window() == 1 && before > 1) {
            drops++;
        }
        return sent;
    }

    /** The most ops to keep in flight now. */
    public int window() {
        return window.window();
    }

    /** How often the window fell to 1 (from more than 1). */
    public long drops() {
        return drops;
    }

    @Override
    public String toString() {
        long[] inFlight = new long[size];
        for (int i = 0; i < size; i++) {
            inFlight[i] = sentAt[(head + i) % sentAt.length];
        }
        return "AckTimes[" + window + ", drops=" + drops + ", sentAt=" + Arrays.toString(inFlight) + "]";
    }
}
