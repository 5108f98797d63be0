package dev.quire.server.transport;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.quire.server.protocol.ErrorCode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;

/**
 * The answer of the network edge to a request it refuses before any route sees it (and before a
 * WebSocket upgrade): a 4xx status with the JSON body {@code {"code":…,"message":…}} the REST API
 * uses. The message may quote what the client sent; it is escaped as a JSON string.
 */
final class EdgeRefusal {
    private EdgeRefusal() {}

    static void send(HttpServerExchange exchange, int status, ErrorCode code, String message) {
        String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(message));
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender()
                .send("{\"code\":\"" + code.wire() + "\",\"message\":\"" + quoted + "\"}", StandardCharsets.UTF_8);
    }

    /** What the client sent, cut short and without control characters, for a message. */
    static String quote(String value) {
        String clean = value.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() <= 100 ? clean : clean.substring(0, 100) + "…";
    }
}
