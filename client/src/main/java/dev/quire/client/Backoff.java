package dev.quire.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays, as the web editor's {@code backoff.ts}: exponential from the base up to the
 * maximum, with "equal jitter" (half fixed, half random) so that a restarted server is not met by
 * every client at once. Internal; touched only on the event thread.
 */
final class Backoff {
    private final long baseMillis;
    private final long maxMillis;
    private int attempt;

    Backoff(Duration base, Duration max) {
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The delay before the next attempt; each call grows the nominal delay. */
    long next() {
        long nominal = Math.min(maxMillis, baseMillis << Math.min(attempt, 30));
        attempt = Math.min(attempt + 1, 30);
        long half = nominal / 2;
        return half + (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1));
    }

    /** After a successful join: start again from the base delay. */
    void reset() {
        attempt = 0;
    }
}
