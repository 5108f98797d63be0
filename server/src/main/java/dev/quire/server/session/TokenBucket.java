package dev.quire.server.session;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code rate} per second; each call to
 * {@link #take} takes one when there is one. The one rate rule of ops, shared by a connection's
 * {@link OpRateLimiter} and the REST API's per-caller limit.
 *
 * <p>Not thread-safe: one owner at a time.
 */
public final class TokenBucket {
    private final double tokensPerNano;
    private final double burst;
    private double tokens;
    private long last;

    /** {@code rate} tokens per second sustained (0 = unlimited), up to {@code burst} at once; full at first. */
    public TokenBucket(int rate, int burst, long nowNanos) {
        if (rate < 0 || burst < 1) {
            throw new IllegalArgumentException(
                    "token bucket: expected rate >= 0 and burst >= 1, found rate " + rate + ", burst " + burst);
        }
        this.tokensPerNano = rate / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes a token at {@code now}: 0 when one was taken, else the nanoseconds until there is one. */
    public long take(long now) {
        if (tokensPerNano == 0) {
            return 0;
        }
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / tokensPerNano);
    }

    /** True when the bucket is full at {@code now}: forgetting it changes nothing. */
    public boolean isFull(long now) {
        if (tokensPerNano == 0) {
            return true;
        }
        refill(now);
        return tokens >= burst;
    }

    /** Milliseconds, rounded up and at least 1, of a wait in nanoseconds. */
    public static long toRetryMs(long waitNanos) {
        return Math.max(1, (waitNanos + 999_999) / 1_000_000);
    }

    private void refill(long now) {
        if (now > last) {
            tokens = Math.min(burst, tokens + (now - last) * tokensPerNano);
            last = now;
        }
    }
}
