package dev.quire.server.transport;

import dev.quire.server.lifecycle.ServerLifecycle;
import dev.quire.server.protocol.ErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses new requests and WebSocket upgrades while the server drains (503
 * {@code shutting-down}, connection closed), so that a load balancer or an editor goes elsewhere
 * or comes back after the restart; {@code /health} and {@code /ready} still answer. Counts the
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
        if (path.equals("/health") || path.equals("/ready")) {
            next.handleRequest(exchange);
            return;
        }
        boolean counted = !path.equals(HttpServer.WS_PATH);
        // Counted before the check: a request let in just before the drain began is waited for.
        if (counted) {
            active.incrementAndGet();
        }
        if (lifecycle.draining()) {
            if (counted) {
                done();
            }
            exchange.setPersistent(false);
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
            RestApi.error(exchange, codec, ErrorCode.SHUTTING_DOWN, "the server is shutting down; try again shortly");
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

    /** {@code GET /ready}: 200 {@code {"status":"ready"}}, else 503 with the state ({@code starting}, {@code draining}, {@code stopped}). */
    static HttpHandler ready(ServerLifecycle lifecycle) {
        return exchange -> {
            boolean ready = lifecycle.isReady();
            exchange.setStatusCode(ready ? 200 : 503);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            exchange.getResponseSender()
                    .send("{\"status\":\"" + lifecycle.state().name().toLowerCase(java.util.Locale.ROOT) + "\"}");
        };
    }
}
