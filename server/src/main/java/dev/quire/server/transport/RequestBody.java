package dev.quire.server.transport;

import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A REST request's body, at most {@code maxBytes} (the client is answered 413
 * {@code message-too-large} beyond it, never 400). Blocking: call it on a worker thread.
 */
final class RequestBody {
    private RequestBody() {}

    static byte[] read(HttpServerExchange exchange, long maxBytes) {
        boolean sized = exchange.getRequestContentLength() >= 0;
        if (sized) {
            // Undertow refuses at the first read when Content-Length is over it, before any byte
            // is buffered, and does not keep the connection. Not for a chunked body: Undertow
            // closes the connection the moment a chunk crosses the limit, before any answer.
            exchange.setMaxEntitySize(maxBytes);
        }
        exchange.startBlocking();
        try (InputStream in = exchange.getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                exchange.setPersistent(false);
                throw tooLarge(maxBytes);
            }
            return bytes;
        } catch (RequestTooBigException e) {
            throw tooLarge(maxBytes);
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "body could not be read: " + e.getMessage());
        }
    }

    private static ProtocolException tooLarge(long maxBytes) {
        return new ProtocolException(ErrorCode.MESSAGE_TOO_LARGE, "body over " + maxBytes + " bytes");
    }
}
