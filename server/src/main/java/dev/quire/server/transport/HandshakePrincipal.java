package dev.quire.server.transport;

import dev.quire.server.security.Principal;
import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.handlers.ServletRequestContext;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * The {@code /ws} endpoint's configurator: one endpoint instance for every connection, the
 * subprotocol {@code quire.v1} selected whenever a client offers it (Chromium fails a handshake
 * whose requested subprotocols get no answer; the {@code quire.bearer.<jwt>} entry is never
 * echoed), and the {@link Principal} that {@link AuthGate} attached to the upgrade request copied
 * into the connection's user properties ({@link #PRINCIPAL}), where
 * {@link WebSocketEndpoint#onOpen} finds it. Undertow gives each handshake its own copy of the
 * config, so the properties are per connection.
 */
final class HandshakePrincipal extends ServerEndpointConfig.Configurator {
    /** The user property holding the connection's principal. */
    static final String PRINCIPAL = "quire.principal";
    /** The one subprotocol of this version. */
    static final String SUBPROTOCOL = "quire.v1";

    private final WebSocketEndpoint endpoint;

    HandshakePrincipal(WebSocketEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(endpoint);
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return requested.contains(SUBPROTOCOL) ? SUBPROTOCOL : "";
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        ServletRequestContext context = ServletRequestContext.current();
        HttpServerExchange exchange = context == null ? null : context.getExchange();
        Principal principal = exchange == null ? null : exchange.getAttachment(AuthGate.PRINCIPAL);
        if (principal != null) {
            config.getUserProperties().put(PRINCIPAL, principal);
        }
    }
}
