package dev.quire.server.transport;

import dev.quire.server.metrics.ServerLifecycle;
import dev.quire.server.protocol.ErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses new requests and WebSocket upgrades while the server drains (503
 * {@code shutting-down}, connection closed), so that a load balancer or an editor goes elsewhere
 * or comes back after the restart; the operators' routes ({@code /health}, {@code /ready},
 * {@code /metrics}, {@code /admin/status}) still answer. Counts the
 * requests in progress (not the probes, not the upgrades, which become WebSockets) so that a
 * shutdown can wait for them ({@link #awaitIdle}). Thread-safe.
 */
final class DrainGate implements HttpHandler {
    private final ServerLifecycle lifecycle;
    private final JsonCodec codec;
    private final HttpHandler next;
    private final AtomicLong active = new AtomicLong();
    private final Object idle = new Object();

    DrainGate(ServerLifecycle lifecycle, JsonCodec codec, HttpHandler next) {
        this.lifecycle = lifecycle;
        this.codec = codec;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        if (OpsRoutes.PATHS.contains(path)) {
            next.handleRequest(exchange);
            return;
        }
        boolean counted = !path.equals(HttpServer.WS_PATH);
        // Counted before the check: a request let in just before the drain began is waited for.
        if (counted) {
            active.incrementAndGet();
        }
        if (lifecycle.state() == ServerLifecycle.State.DRAINING) {
            if (counted) {
                done();
            }
            exchange.setPersistent(false);
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
            RestReplies.error(
                    exchange, codec, ErrorCode.SHUTTING_DOWN, "the server is shutting down; try again shortly");
            return;
        }
        if (counted) {
            exchange.addExchangeCompleteListener((ex, nextListener) -> {
                done();
                nextListener.proceed();
            });
        }
        next.handleRequest(exchange);
    }

    private void done() {
        if (active.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /**
     * Waits until no counted request is in progress, at most {@code millis}.
     *
     * @return whether none is
     */
    boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (idle) {
            while (active.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }
}
