package dev.quire.server.lifecycle;

import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.metrics.ServerLifecycle;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.transport.HttpServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What SIGTERM does, in order, within a time budget ({@code --shutdown-timeout}):
 *
 * <pre>
 *   1. drain        /ready answers 503; new requests and WebSocket upgrades get 503 shutting-down
 *   2. editors      every WebSocket is closed with 1012 "service restart" (after its queued acks):
 *                   editors reconnect to the restarted, or another, server and resend what is
 *                   not acknowledged (the exactly-once key answers a resend of a stored op)
 *   3. requests     REST calls in progress finish (an op waiting to be durable gets its answer)
 *   4. documents    each open document queues its snapshot behind its pending work
 *   5. store        every queued write is journaled, the journal applied to the database and
 *                   checkpointed; the store closes
 * </pre>
 *
 * Steps 3 and 4 wait at most what is left of the budget, keeping a reserve for step 5; the caller
 * ({@code Main}) halts the process if the budget runs out. Cutting a step short loses nothing
 * acknowledged: an op is acknowledged only once it is in the journal, and the next start applies
 * the journal.
 */
public final class GracefulShutdown {
    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    private final ServerLifecycle lifecycle;
    private final HttpServer http;
    private final DocumentRegistry registry;
    private final DocumentStore store;

    public GracefulShutdown(
            ServerLifecycle lifecycle, HttpServer http, DocumentRegistry registry, DocumentStore store) {
        this.lifecycle = lifecycle;
        this.http = http;
        this.registry = registry;
        this.store = store;
    }

    /** Runs the steps; once ({@code QuireServer} makes sure). */
    public void run(Duration budget) {
        lifecycle.draining();
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        // Closing the store applies the journal and checkpoints: keep a fifth of the budget (up to 2 s) for it.
        long reserve = Math.min(TimeUnit.SECONDS.toNanos(2), budget.toNanos() / 5);
        log.info("shutting down: draining (budget {} ms)", budget.toMillis());
        http.closeEditors();
        try {
            if (!http.awaitRequests(millisUntil(deadline - reserve))) {
                log.warn("shutting down: requests still in progress when the budget ran out; closing anyway");
            }
            if (!registry.drain(millisUntil(deadline - reserve))) {
                log.warn(
                        "shutting down: document work still queued when the budget ran out; the journal keeps every acknowledged op");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
        store.close();
        log.info("shut down in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static long millisUntil(long nanoTime) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanoTime - System.nanoTime()));
    }
}
