package dev.quire.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RestRateLimitTest {
    private static final long MS = 1_000_000L;

    @Test
    void eachCallerHasItsOwnBucket() {
        RestRateLimit limit = new RestRateLimit(10, 2);
        assertEquals(OptionalLong.empty(), limit.take("user:a", 0));
        assertEquals(OptionalLong.empty(), limit.take("user:a", 0));
        assertEquals(OptionalLong.of(100), limit.take("user:a", 0));
        assertEquals(OptionalLong.of(40), limit.take("user:a", 60 * MS));
        assertEquals(OptionalLong.empty(), limit.take("user:b", 60 * MS));
        assertEquals(OptionalLong.empty(), limit.take("user:a", 100 * MS));
    }

    @Test
    void zeroIsUnlimitedAndKeepsNoBucket() {
        RestRateLimit limit = new RestRateLimit(0, 1);
        for (int i = 0; i < 1000; i++) {
            assertEquals(OptionalLong.empty(), limit.take("ip:127.0.0.1", 0));
        }
        assertEquals(0, limit.callers());
    }

    @Test
    void idleCallersAreForgottenPastTheBound() {
        RestRateLimit limit = new RestRateLimit(1000, 1);
        for (int i = 0; i < RestRateLimit.SWEEP_AT; i++) {
            limit.take("user:" + i, 0);
        }
        assertEquals(RestRateLimit.SWEEP_AT, limit.callers());
        // 0.5 ms later no bucket has its token back: nothing can be forgotten.
        limit.take("user:new", MS / 2);
        assertEquals(RestRateLimit.SWEEP_AT + 1, limit.callers());
        // 2 ms later every bucket is full again: the sweep forgets them all, the newcomer stays.
        assertEquals(OptionalLong.empty(), limit.take("user:newer", 2 * MS));
        assertEquals(1, limit.callers());
    }
}
