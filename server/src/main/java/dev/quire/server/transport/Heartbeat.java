package dev.quire.server.transport;

import java.time.Duration;

/**
 * The server's pings and dead-peer checks, spread over the ping interval: the interval is cut
 * into {@value #SLICES} slices, each connection belongs to one (by its identity hash), and each
 * run visits one slice — pings its connections, or closes those from which nothing arrived for
 * the peer timeout. Every connection is so visited once per interval, as when every connection
 * was visited at once, but N connections cost the I/O threads N / {@value #SLICES} pings (and
 * pongs) at a time instead of N: a ping is queued to its connection's I/O thread, and with
 * 15,000 editors one beat put 15,000 pings before the ops of every lane (decision 047).
 *
 * <p>Thread-safety: {@link #run} on the heartbeat scheduler's one thread only.
 */
final class Heartbeat implements Runnable {
    /** How many runs make one ping interval. */
    static final int SLICES = 16;

    private final ConnectionHub hub;
    private final PollRoutes polls;
    private final long timeoutNanos;
    private int slice;

    Heartbeat(ConnectionHub hub, PollRoutes polls, Duration peerTimeout) {
        this.hub = hub;
        this.polls = polls;
        this.timeoutNanos = peerTimeout.toNanos();
    }

    /** How long between two runs for a ping interval {@code every}: a slice of it, at least 1 ms. */
    static long periodMillis(Duration every) {
        return Math.max(1, every.toMillis() / SLICES);
    }

    /** The slice a connection's pings fall in. */
    static int sliceOf(Object connection) {
        return Math.floorMod(System.identityHashCode(connection), SLICES);
    }

    @Override
    public void run() {
        int now = slice;
        slice = (slice + 1) % SLICES;
        if (now == 0) {
            polls.sweep();
        }
        long at = System.nanoTime();
        for (Connection c : hub.connections()) {
            if (sliceOf(c) != now) {
                continue;
            }
            try {
                if (at - c.lastSeenNanos() > timeoutNanos) {
                    c.closeDead();
                } else {
                    c.ping();
                }
            } catch (RuntimeException e) {
                // One connection's failure must not stop the heartbeat of the others.
            }
        }
    }
}
