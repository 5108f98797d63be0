package dev.quire.server.session;

import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ServerMessage;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * How fast one connection may chat (decision 032): {@link #BURST} messages at once, then one
 * every {@link #SECONDS_PER_MESSAGE} seconds, over all the documents it joined. A message over
 * the rate is refused with {@code rate-limited} and its {@code retryAfterMs}; nothing is stored.
 *
 * <p>A {@link TokenBucket} (the one rate rule) on a clock slowed down
 * {@link #SECONDS_PER_MESSAGE} times, since its rate counts whole tokens per second. Owned by the
 * connection's {@link ClientSession}: one message at a time.
 */
final class ChatRateLimiter {
    /** Messages a connection may send at once. */
    static final int BURST = 10;
    /** Seconds for one more message once the burst is spent. */
    static final int SECONDS_PER_MESSAGE = 2;

    private final TokenBucket bucket = new TokenBucket(1, BURST, now());

    /** Whether a message to {@code docId} may go now; if not, {@code refuse} gets the error. */
    boolean admit(String docId, Consumer<ServerMessage> refuse) {
        long wait = bucket.take(now());
        if (wait == 0) {
            return true;
        }
        long retryMs = TokenBucket.toRetryMs(wait * SECONDS_PER_MESSAGE);
        refuse.accept(new ServerMessage.Error(
                ErrorCode.RATE_LIMITED,
                "chat: at most " + BURST + " messages at once, then one every " + SECONDS_PER_MESSAGE + " s; retry in "
                        + retryMs + " ms",
                Optional.of(docId),
                Optional.empty(),
                OptionalLong.of(retryMs)));
        return false;
    }

    private static long now() {
        return System.nanoTime() / SECONDS_PER_MESSAGE;
    }
}
