package dev.quire.server.transport;

import dev.quire.server.logging.LogIds;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every HTTP request a correlation id ({@link LogIds#request()}), attached to the exchange
 * ({@link #ID}) and in the MDC while the I/O thread handles it; handlers that move to a worker
 * thread enter it there again. Thread-safe.
 */
final class RequestLogIds implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(RequestLogIds.class);

    static final AttachmentKey<String> ID = AttachmentKey.create(String.class);

    private final HttpHandler next;

    RequestLogIds(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String id = LogIds.request();
        exchange.putAttachment(ID, id);
        LogIds.enter(id);
        try {
            // Method and path only: no query string, no header (a token travels in one).
            log.debug("{} {}", exchange.getRequestMethod(), exchange.getRequestPath());
            next.handleRequest(exchange);
        } finally {
            LogIds.leave();
        }
    }
}
