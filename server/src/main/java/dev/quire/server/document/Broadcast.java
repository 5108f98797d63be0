package dev.quire.server.document;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Times one durable op from the moment it is durable until the last socket it went to has taken
 * its message (ack or op): the caller counts a send before making it, each socket counts its
 * write, and the caller's own {@link #done()} ends the counting. A message that is never written
 * (the connection closed first) leaves the op untimed. Thread-safe.
 */
final class Broadcast {
    private final DocumentMeters meters;
    private final long durableNanos;
    /** Sends not yet written, plus one for the caller until it calls {@link #done()}. */
    private final AtomicInteger pending = new AtomicInteger(1);

    private int sends;

    Broadcast(DocumentMeters meters, long durableNanos) {
        this.meters = meters;
        this.durableNanos = durableNanos;
    }

    /** Counts one send; the returned callback is run once the socket has written it. */
    Runnable send() {
        sends++;
        pending.incrementAndGet();
        return this::written;
    }

    /** Every send is counted; the time is recorded once all of them are written. */
    void done() {
        written();
    }

    private void written() {
        if (pending.decrementAndGet() == 0 && sends > 0) {
            meters.broadcast(System.nanoTime() - durableNanos);
        }
    }
}
