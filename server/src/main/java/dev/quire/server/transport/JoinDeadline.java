package dev.quire.server.transport;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes a WebSocket that has not sent a {@code join} within {@code --join-timeout} of the upgrade
 * with close code <b>4408</b>, so sockets that only hold a connection open cost a timer, not a
 * document. One task per connection on the heartbeat's scheduler (no thread per socket), cancelled
 * by the first join. Thread-safe.
 */
final class JoinDeadline {
    static final int CLOSE_CODE = 4408;

    private final ScheduledExecutorService scheduler;
    private final Duration timeout;

    JoinDeadline(ScheduledExecutorService scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    /** Starts the clock of a new connection; cancel the returned future on its first join. */
    Future<?> start(Connection connection) {
        String reason = "no join within " + timeout.toMillis() + "ms";
        return scheduler.schedule(
                () -> connection.close(CLOSE_CODE, reason), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
