package dev.quire.server.session;

/**
 * The op rate of one connection: a {@link TokenBucket} of {@code burst} tokens, refilled at
 * {@code rate} per second; each op takes one. An op without a token is refused with the time until the next
 * one. A connection that keeps sending refused ops for {@link #FLOOD_NANOS} is flooding.
 *
 * <p>When does a flood end? A client that waits as told after a refusal has its next op
 * accepted: at most one refusal between two accepted ops ({@value #COMPLIANT_REFUSALS} allowed,
 * for jitter). That ends the episode, so a well-behaved client that backs off is never closed,
 * however often it is refused. A client that ignores the delay piles up refusals between the ops
 * that find a token, and its episode goes on until it is closed.
 *
 * <p>Not thread-safe: used by one connection's message handler, which runs one message at a time.
 */
final class OpRateLimiter {
    /** How long a client may keep ignoring the delays it is told before it is closed. */
    static final long FLOOD_NANOS = 10_000_000_000L;
    /** Refusals between two accepted ops that still count as backing off. */
    static final int COMPLIANT_REFUSALS = 2;

    /** What to do with one op. */
    enum Kind {
        ALLOWED,
        REFUSED,
        FLOODING
    }

    /** The decision for one op; {@code retryAfterMs} is meaningful when refused. */
    record Verdict(Kind kind, long retryAfterMs) {}

    private static final Verdict ALLOWED = new Verdict(Kind.ALLOWED, 0);

    private final TokenBucket bucket;
    private long floodingSince = -1;
    private int refusalsSinceAccepted;

    /** {@code rate} ops per second sustained (0 = unlimited), up to {@code burst} at once. */
    OpRateLimiter(int rate, int burst, long nowNanos) {
        this.bucket = new TokenBucket(rate, burst, nowNanos);
    }

    Verdict take(long now) {
        long waitNanos = bucket.take(now);
        if (waitNanos == 0) {
            if (refusalsSinceAccepted <= COMPLIANT_REFUSALS) {
                floodingSince = -1;
            }
            refusalsSinceAccepted = 0;
            return ALLOWED;
        }
        if (floodingSince < 0) {
            floodingSince = now;
        }
        refusalsSinceAccepted++;
        if (now - floodingSince >= FLOOD_NANOS) {
            return new Verdict(Kind.FLOODING, 0);
        }
        return new Verdict(Kind.REFUSED, TokenBucket.toRetryMs(waitNanos));
    }
}
