package dev.quire.server.transport;

import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import io.undertow.server.HttpServerExchange;
import java.util.Deque;
import java.util.Optional;

/** The query parameters of REST calls: the first value of a name, as text or as an integer. */
final class RestParams {
    private RestParams() {}

    static Optional<String> param(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    static Optional<Integer> intParam(HttpServerExchange exchange, String name) {
        Optional<String> v = param(exchange, name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(v.get()));
        } catch (NumberFormatException e) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE,
                    name + ": expected an integer, found \"" + JsonCodec.abbreviate(v.get()) + "\"");
        }
    }
}
