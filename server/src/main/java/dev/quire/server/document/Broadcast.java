package dev.quire.server.document;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Times the ops of one flush ({@link Fanout}) from the moment each was durable until the last
 * socket they went to has taken its message (a batch, an ack or an op): the caller counts a send
 * before making it, each socket counts its write, and the caller's own {@link #done()} ends the
 * counting. A message that is never written (the connection closed first) leaves the ops untimed.
 * Thread-safe.
 */
final class Broadcast {
    private final DocumentMeters meters;
    private final long[] durableNanos;
    /** Sends not yet written, plus one for the caller until it calls {@link #done()}. */
    private final AtomicInteger pending = new AtomicInteger(1);

    private int sends;

    Broadcast(DocumentMeters meters, long[] durableNanos) {
        this.meters = meters;
        this.durableNanos = durableNanos.clone();
    }

    /** Counts one send; the returned callback is run once the socket has written it. */
    Runnable send() {
        sends++;
        pending.incrementAndGet();
        return this::written;
    }

    /** Every send is counted; the times are recorded once all of them are written. */
    void done() {
        written();
    }

    private void written() {
        if (pending.decrementAndGet() == 0 && sends > 0) {
            long now = System.nanoTime();
            for (long durable : durableNanos) {
                meters.broadcast(now - durable);
            }
        }
    }
}
