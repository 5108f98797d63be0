package dev.quire.server.transport;

import dev.quire.server.protocol.ErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most {@code --max-connections-per-ip} WebSocket connections per client address (0 =
 * unlimited): a request to {@code /ws} beyond it gets <b>429</b> {@code rate-limited} before the
 * upgrade. What is counted is TCP connections that asked for {@code /ws} (once each, whether the
 * upgrade then succeeds or not), each released when the connection closes, so the count is the
 * open sockets. Behind a proxy every client has the proxy's address: set the limit there, or 0
 * here. Thread-safe.
 */
final class ConnectionCap implements HttpHandler {
    private static final AttachmentKey<Boolean> COUNTED = AttachmentKey.create(Boolean.class);

    private final int max;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
    private final HttpHandler next;

    ConnectionCap(int max, HttpHandler next) {
        this.max = max;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (max == 0 || !exchange.getRequestPath().equals(HttpServer.WS_PATH)) {
            next.handleRequest(exchange);
            return;
        }
        ServerConnection connection = exchange.getConnection();
        if (connection.getAttachment(COUNTED) == null) {
            InetAddress ip = exchange.getSourceAddress().getAddress();
            if (!tryAcquire(ip)) {
                EdgeRefusal.send(
                        exchange,
                        429,
                        ErrorCode.RATE_LIMITED,
                        "more than " + max + " WebSocket connections from one address");
                return;
            }
            connection.putAttachment(COUNTED, Boolean.TRUE);
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    open.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
                }
            };
            connection.addCloseListener(c -> release.run());
            if (!connection.isOpen()) {
                // Closed before the listener was in place: it will never run.
                release.run();
            }
        }
        next.handleRequest(exchange);
    }

    private boolean tryAcquire(InetAddress ip) {
        AtomicBoolean acquired = new AtomicBoolean();
        open.compute(ip, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= max) {
                return n;
            }
            acquired.set(true);
            return count + 1;
        });
        return acquired.get();
    }
}
