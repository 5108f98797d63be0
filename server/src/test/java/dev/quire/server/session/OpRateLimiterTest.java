package dev.quire.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The token bucket and the flood rule, on a clock the test moves. */
class OpRateLimiterTest {
    private static final long MS = 1_000_000L;

    @Test
    void aBurstPassesThenTheRateWithTheTimeToWait() {
        OpRateLimiter bucket = new OpRateLimiter(50, 3, 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(OpRateLimiter.Kind.ALLOWED, bucket.take(0).kind());
        }
        OpRateLimiter.Verdict refused = bucket.take(0);
        assertEquals(OpRateLimiter.Kind.REFUSED, refused.kind());
        assertEquals(20, refused.retryAfterMs());
        assertEquals(OpRateLimiter.Kind.REFUSED, bucket.take(10 * MS).kind());
        assertEquals(10, bucket.take(10 * MS).retryAfterMs());
        assertEquals(OpRateLimiter.Kind.ALLOWED, bucket.take(21 * MS).kind());
    }

    @Test
    void zeroIsUnlimited() {
        OpRateLimiter bucket = new OpRateLimiter(0, 1, 0);
        for (int i = 0; i < 100_000; i++) {
            assertEquals(OpRateLimiter.Kind.ALLOWED, bucket.take(0).kind());
        }
    }

    @Test
    void ignoringTheDelayFor10SecondsIsFlooding() {
        OpRateLimiter bucket = new OpRateLimiter(10, 1, 0);
        bucket.take(0);
        long t = 0;
        OpRateLimiter.Kind kind = OpRateLimiter.Kind.ALLOWED;
        // An op every 5 ms: some find a token, most are refused; the flood never ends.
        while (kind != OpRateLimiter.Kind.FLOODING && t < 60_000 * MS) {
            t += 5 * MS;
            kind = bucket.take(t).kind();
        }
        // The first refusal was at 5 ms; flooding is the first refusal 10 s after it.
        assertTrue(t >= 10_005 * MS && t <= 10_105 * MS, "flooding at " + t);
    }

    @Test
    void aClientThatWaitsAsToldIsNeverFlooding() {
        OpRateLimiter bucket = new OpRateLimiter(10, 1, 0);
        long t = 0;
        for (int i = 0; i < 10_000; i++) {
            OpRateLimiter.Verdict v = bucket.take(t);
            assertEquals(false, v.kind() == OpRateLimiter.Kind.FLOODING, "flooding at " + t);
            t += v.kind() == OpRateLimiter.Kind.REFUSED ? v.retryAfterMs() * MS : MS;
        }
    }
}
