package dev.quire.server.transport;

import dev.quire.server.fatal.FatalErrors;
import dev.quire.server.logging.LogIds;
import dev.quire.server.metrics.Meters;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.security.Principal;
import dev.quire.server.session.ClientSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /ws} endpoint: one instance serves every connection. It only moves frames: each
 * connection's {@link WebSocketLink} sends, its text frames are joined into whole messages and
 * handed to the {@link ConnectionHub}, which the HTTP fallback shares (decision 025).
 */
final class WebSocketEndpoint extends Endpoint {
    private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);
    private static final String STATE = "quire.state";

    private final ConnectionHub hub;
    private final Meters meters;
    private final IoLanes lanes = new IoLanes();

    WebSocketEndpoint(ConnectionHub hub, Meters meters) {
        this.hub = hub;
        this.meters = meters;
    }

    @Override
    public void onOpen(Session ws, EndpointConfig config) {
        Connection connection = hub.connection(new WebSocketLink(ws, lanes));
        LogIds.enter(connection.logId);
        try {
            log.debug("connection opened");
            open(ws, config, connection);
        } finally {
            LogIds.leave();
        }
    }

    private void open(Session ws, EndpointConfig config, Connection connection) {
        // Set by HandshakePrincipal from AuthGate's check; absent only if the gate was bypassed: refuse.
        Object principal = config.getUserProperties().get(HandshakePrincipal.PRINCIPAL);
        if (!(principal instanceof Principal p)) {
            connection.close(ClientSession.CLOSE_UNAUTHORIZED, "unauthorized");
            return;
        }
        ConnectionHub.Peer peer = hub.open(connection, p);
        ws.getUserProperties().put(STATE, peer);
        if (connection.isClosing()) {
            return; // over the user's cap: onClose ends it
        }
        ws.setMaxIdleTimeout(0);
        ws.setMaxTextMessageBufferSize(Integer.MAX_VALUE);
        ws.setMaxBinaryMessageBufferSize(Integer.MAX_VALUE);
        ws.addMessageHandler(String.class, new TextFrames(peer));
        ws.addMessageHandler(ByteBuffer.class, new BinaryFrames(connection));
        ws.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> connection.seen());
    }

    /** Collects the parts of a text message up to the size limit, then hands it to the hub. */
    private final class TextFrames implements MessageHandler.Partial<String> {
        private final ConnectionHub.Peer peer;
        private final StringBuilder parts = new StringBuilder();
        private long bytes;
        private Optional<OversizedMessage> oversized = Optional.empty();

        TextFrames(ConnectionHub.Peer peer) {
            this.peer = peer;
        }

        @Override
        public void onMessage(String part, boolean last) {
            Connection connection = peer.connection();
            connection.seen();
            if (connection.isClosing()) {
                return;
            }
            try {
                bytes += utf8Length(part);
                if (bytes > hub.settings().maxMessageBytes()) {
                    if (oversized.isEmpty()) {
                        oversized = Optional.of(new OversizedMessage());
                        oversized.get().add(parts.toString());
                        parts.setLength(0);
                    }
                    oversized.get().add(part);
                    if (last) {
                        // Refused whole and forgotten; the socket stays open for the next message.
                        hub.refuse(peer, oversized.get());
                        oversized = Optional.empty();
                        bytes = 0;
                    }
                    return;
                }
                if (!last) {
                    parts.append(part);
                    return;
                }
                String text = parts.length() == 0 ? part : parts.append(part).toString();
                parts.setLength(0);
                bytes = 0;
                hub.receive(peer, text);
            } catch (Error e) {
                // Undertow's I/O thread would log and swallow it.
                FatalErrors.haltIfFatal(e);
                throw e;
            }
        }
    }

    /** Binary frames are not part of the protocol: answered once, then the socket is closed 1003. */
    private static final class BinaryFrames implements MessageHandler.Partial<ByteBuffer> {
        private final Connection connection;
        private boolean answered;

        BinaryFrames(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void onMessage(ByteBuffer data, boolean last) {
            connection.seen();
            if (!answered) {
                answered = true;
                connection.send(new ServerMessage.Error(
                        ErrorCode.MALFORMED_MESSAGE,
                        "binary frames are not part of the protocol; send JSON text",
                        Optional.empty(),
                        Optional.empty()));
                connection.close(CloseReason.CloseCodes.CANNOT_ACCEPT.getCode(), "binary frame");
            }
        }
    }

    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    @Override
    public void onClose(Session ws, CloseReason reason) {
        int code = reason.getCloseCode().getCode();
        Object state = ws.getUserProperties().get(STATE);
        if (state instanceof ConnectionHub.Peer peer) {
            hub.closed(peer, code);
        } else {
            meters.closed(code);
        }
    }

    @Override
    public void onError(Session ws, Throwable error) {
        log.debug("websocket {} error: {}", ws.getId(), error.toString());
    }
}
