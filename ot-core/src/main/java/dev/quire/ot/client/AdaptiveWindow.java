package dev.quire.ot.client;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * How many operations a pipelining client may keep in flight now, from the round trips of its
 * acknowledged operations (docs/decisions/053): the configured window is a maximum, and the
 * client falls back to one operation in flight (ot.js) while its acknowledgements lag.
 *
 * <pre>
 *   lag = roundTrip - shortest round trip seen so far
 *   lag &gt; lagBound : window = 1
 *   otherwise       : window = min(window + 1, max)
 * </pre>
 *
 * <p>Why: a pipelined operation is based on the version its client had when it was typed, and the
 * server bridges it through every operation committed since (decision 039). Once acknowledgements
 * lag, each pipelined operation costs the server more, so they lag more: with a window of W an
 * editor sends up to W operations per round trip whatever the round trip, while with one in flight
 * later edits are composed into one operation sent at the acknowledgement, so the number of
 * operations falls as the round trip grows. The lag is measured above the shortest round trip
 * seen, not from zero, so that a long network path (a phone, a far server) keeps its window: only
 * a queue that grows sends the client back to one in flight.
 *
 * <p>The owner measures the round trip of each acknowledged operation (sent to acknowledged, on
 * a monotonic clock) and applies {@link #afterAck} <em>before</em> the client takes the
 * acknowledgement, then {@link Client#withWindow} with {@link #window()}: so a slow
 * acknowledgement does not send the buffer as one more pipelined operation. Edits made while the
 * window is full go into the client's buffer, as with a window of 1. No clock inside: the same
 * round trips give the same windows.
 *
 * <pre>{@code
 * AdaptiveWindow w = AdaptiveWindow.of(4);        // window 4
 * w = w.afterAck(2_000_000);                       // 2 ms: the shortest; window 4
 * w = w.afterAck(250_000_000);                     // 248 ms above it: window 1
 * w = w.afterAck(3_000_000).afterAck(3_000_000);   // window 3
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class AdaptiveWindow {
    /**
     * The default lag bound: 100 ms, the p99 bar of issue 16 for an acknowledgement. An
     * acknowledgement later than that already misses the bar, so operations pipelined behind it
     * gain nothing and add to the server's queue.
     */
    public static final long DEFAULT_LAG_BOUND_NANOS = 100_000_000L;

    private final int max;
    private final long lagBoundNanos;
    private final int window;
    /** Long.MAX_VALUE until the first acknowledgement. */
    private final long shortestNanos;

    private AdaptiveWindow(int max, long lagBoundNanos, int window, long shortestNanos) {
        this.max = max;
        this.lagBoundNanos = lagBoundNanos;
        this.window = window;
        this.shortestNanos = shortestNanos;
    }

    /**
     * A window of {@code max} with the {@linkplain #DEFAULT_LAG_BOUND_NANOS default lag bound}.
     *
     * @param max the configured window, 1 to {@value Client#MAX_WINDOW}
     * @return the window, at {@code max}, with no round trip seen
     * @throws IllegalArgumentException if {@code max} is out of range
     */
    public static AdaptiveWindow of(int max) {
        return of(max, DEFAULT_LAG_BOUND_NANOS);
    }

    /**
     * A window of {@code max} that falls to 1 after an acknowledgement more than
     * {@code lagBoundNanos} later than the shortest round trip seen.
     *
     * @param max the configured window, 1 to {@value Client#MAX_WINDOW}
     * @param lagBoundNanos the lag bound in nanoseconds, &gt; 0
     * @return the window, at {@code max}, with no round trip seen
     * @throws IllegalArgumentException if {@code max} or {@code lagBoundNanos} is out of range
     */
    public static AdaptiveWindow of(int max, long lagBoundNanos) {
        if (max < 1 || max > Client.MAX_WINDOW) {
            throw new IllegalArgumentException(
                    "AdaptiveWindow.of: max: expected 1 to " + Client.MAX_WINDOW + ", found " + max);
        }
        if (lagBoundNanos <= 0) {
            throw new IllegalArgumentException(
                    "AdaptiveWindow.of: lagBoundNanos: expected > 0, found " + lagBoundNanos);
        }
        return new AdaptiveWindow(max, lagBoundNanos, max, Long.MAX_VALUE);
    }

    /**
     * The window after the acknowledgement of an operation whose round trip (sent to
     * acknowledged) took {@code roundTripNanos}: 1 if it came more than the lag bound later than
     * the shortest round trip seen (this one included), else one more, up to the maximum.
     *
     * @param roundTripNanos the operation's round trip in nanoseconds, &gt;= 0
     * @return the next window
     * @throws IllegalArgumentException if {@code roundTripNanos} is negative
     */
    public AdaptiveWindow afterAck(long roundTripNanos) {
        if (roundTripNanos < 0) {
            throw new IllegalArgumentException("afterAck: roundTripNanos: expected >= 0, found " + roundTripNanos);
        }
        long shortest = Math.min(shortestNanos, roundTripNanos);
        int next = roundTripNanos - shortest > lagBoundNanos ? 1 : Math.min(window + 1, max);
        return new AdaptiveWindow(max, lagBoundNanos, next, shortest);
    }

    /**
     * The most operations to keep in flight now: 1 to {@link #max()}.
     *
     * @return the window
     */
    public int window() {
        return window;
    }

    /**
     * The configured window, which this one never exceeds.
     *
     * @return the maximum
     */
    public int max() {
        return max;
    }

    /**
     * How much later than the shortest round trip an acknowledgement may come without the window
     * falling to 1.
     *
     * @return the lag bound in nanoseconds
     */
    public long lagBoundNanos() {
        return lagBoundNanos;
    }

    /**
     * The shortest round trip seen so far: the path's floor, above which lag is measured.
     *
     * @return the shortest round trip in nanoseconds, empty before the first acknowledgement
     */
    public OptionalLong shortestRoundTripNanos() {
        return shortestNanos == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(shortestNanos);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdaptiveWindow w
                && w.max == max
                && w.lagBoundNanos == lagBoundNanos
                && w.window == window
                && w.shortestNanos == shortestNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(max, lagBoundNanos, window, shortestNanos);
    }

    @Override
    public String toString() {
        return "AdaptiveWindow[window=" + window + ", max=" + max + ", lagBoundNanos=" + lagBoundNanos
                + ", shortestRoundTripNanos=" + shortestRoundTripNanos() + "]";
    }
}
