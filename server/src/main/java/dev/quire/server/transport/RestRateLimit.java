package dev.quire.server.transport;

import dev.quire.server.security.Principal;
import dev.quire.server.session.TokenBucket;
import io.undertow.server.HttpServerExchange;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The op rate of REST callers ({@code POST /api/docs/{id}/ops}): the same {@code --op-rate} and
 * {@code --op-burst} as one WebSocket connection, per caller — the token's user with
 * authentication on, else the client's IP address — so a script cannot do over HTTP what a
 * socket may not. Answered with 429 {@code rate-limited}, {@code retryAfterMs} and
 * {@code Retry-After}; nothing is applied.
 *
 * <p>Memory is bounded: past {@value #SWEEP_AT} callers, the buckets that are full again (their
 * callers idle long enough to have every token back) are forgotten, which changes no answer.
 *
 * <p>Thread-safe: Undertow's worker threads call it at once; each bucket is used under its lock.
 */
final class RestRateLimit {
    static final int SWEEP_AT = 10_000;

    private final int rate;
    private final int burst;
    private final Map<String, TokenBucket> callers = new ConcurrentHashMap<>();

    /** {@code rate} ops per second per caller (0 = unlimited), up to {@code burst} at once. */
    RestRateLimit(int rate, int burst) {
        this.rate = rate;
        this.burst = burst;
    }

    /** Empty when the caller may submit one op now, else how many milliseconds it should wait. */
    OptionalLong take(HttpServerExchange exchange, Principal principal) {
        if (rate == 0) {
            return OptionalLong.empty();
        }
        return take(
                principal.isTrusted()
                        ? "ip:" + exchange.getSourceAddress().getAddress().getHostAddress()
                        : "user:" + principal.userId(),
                System.nanoTime());
    }

    /** {@link #take(HttpServerExchange, Principal)} for the caller named {@code caller}, at {@code now}. */
    OptionalLong take(String caller, long now) {
        if (rate == 0) {
            return OptionalLong.empty();
        }
        if (callers.size() >= SWEEP_AT) {
            sweep(now);
        }
        TokenBucket bucket = callers.computeIfAbsent(caller, c -> new TokenBucket(rate, burst, now));
        long wait;
        synchronized (bucket) {
            wait = bucket.take(now);
        }
        return wait == 0 ? OptionalLong.empty() : OptionalLong.of(TokenBucket.toRetryMs(wait));
    }

    /** How many callers have a bucket (for tests of the bound). */
    int callers() {
        return callers.size();
    }

    private void sweep(long now) {
        for (Iterator<TokenBucket> it = callers.values().iterator(); it.hasNext(); ) {
            TokenBucket b = it.next();
            synchronized (b) {
                if (b.isFull(now)) {
                    it.remove();
                }
            }
        }
    }
}
