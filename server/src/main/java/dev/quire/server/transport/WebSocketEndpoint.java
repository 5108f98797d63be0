package dev.quire.server.transport;

import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.fatal.FatalErrors;
import dev.quire.server.logging.LogIds;
import dev.quire.server.metrics.Meters;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.Correlation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.security.Authenticator;
import dev.quire.server.security.Principal;
import dev.quire.server.session.ClientSession;
import dev.quire.server.session.SessionLimits;
import dev.quire.server.session.SessionOwners;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /ws} endpoint: one instance serves every connection. Each connection gets a
 * {@link Connection} (sending) and a {@link ClientSession} (routing). Nothing is thrown out of
 * the handlers: client mistakes get error messages, internal faults are logged once with a
 * correlation id and answered with {@code internal}.
 */
final class WebSocketEndpoint extends Endpoint {
    private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);
    private static final String STATE = "quire.state";

    private record State(Connection connection, ClientSession session) {}

    private final DocumentRegistry registry;
    private final JsonCodec codec;
    private final EncodeCache encoder;
    private final TransportSettings settings;
    private final Authenticator authenticator;
    private final UserConnections users;
    private final SessionOwners owners = new SessionOwners();
    private final JoinDeadline joinDeadline;
    private final SessionLimits limits;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Meters meters;

    WebSocketEndpoint(
            DocumentRegistry registry,
            JsonCodec codec,
            TransportSettings settings,
            SessionLimits limits,
            Authenticator authenticator,
            UserConnections users,
            JoinDeadline joinDeadline,
            Meters meters) {
        this.meters = meters;
        this.registry = registry;
        this.codec = codec;
        this.encoder = new EncodeCache(codec);
        this.settings = settings;
        this.authenticator = authenticator;
        this.users = users;
        this.joinDeadline = joinDeadline;
        this.limits = limits;
    }

    Set<Connection> connections() {
        return connections;
    }

    @Override
    public void onOpen(Session ws, EndpointConfig config) {
        Connection connection =
                new Connection(ws, encoder, settings.sendQueueLimit(), settings.sendQueueBytes(), meters);
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
        ClientSession session = new ClientSession(registry, connection, limits, p, authenticator, owners);
        ws.getUserProperties().put(STATE, new State(connection, session));
        connections.add(connection);
        if (!users.opened(session)) {
            connection.close(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), "too many connections for this user");
            return;
        }
        ws.setMaxIdleTimeout(0);
        ws.setMaxTextMessageBufferSize(Integer.MAX_VALUE);
        ws.setMaxBinaryMessageBufferSize(Integer.MAX_VALUE);
        ws.addMessageHandler(String.class, new TextFrames(connection, session, joinDeadline.start(connection)));
        ws.addMessageHandler(ByteBuffer.class, new MessageHandler.Partial<ByteBuffer>() {
            private boolean answered;

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
        });
        ws.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> connection.seen());
    }

    /** Collects the parts of a text message up to the size limit, then decodes and routes it. */
    private final class TextFrames implements MessageHandler.Partial<String> {
        private final Connection connection;
        private final ClientSession session;
        private final Future<?> joinDeadline;
        private final StringBuilder parts = new StringBuilder();
        private long bytes;
        private Optional<OversizedMessage> oversized = Optional.empty();

        TextFrames(Connection connection, ClientSession session, Future<?> joinDeadline) {
            this.connection = connection;
            this.session = session;
            this.joinDeadline = joinDeadline;
        }

        @Override
        public void onMessage(String part, boolean last) {
            connection.seen();
            if (connection.isClosing()) {
                return;
            }
            LogIds.enter(connection.logId);
            try {
                bytes += utf8Length(part);
                if (bytes > settings.maxMessageBytes()) {
                    if (oversized.isEmpty()) {
                        oversized = Optional.of(new OversizedMessage());
                        oversized.get().add(parts.toString());
                        parts.setLength(0);
                    }
                    oversized.get().add(part);
                    if (last) {
                        // Refused whole and forgotten; the socket stays open for the next message.
                        session.send(oversized.get().refuse(codec.mapper().getFactory(), settings.maxMessageBytes()));
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
                dispatch(text);
            } catch (RuntimeException e) {
                internal(e);
            } catch (Error e) {
                // Undertow's I/O thread would log and swallow it.
                FatalErrors.haltIfFatal(e);
                throw e;
            } finally {
                LogIds.leave();
            }
        }

        private void dispatch(String text) {
            ClientMessage message;
            try {
                message = codec.decode(text);
            } catch (ProtocolException e) {
                session.send(e.toMessage());
                return;
            }
            if (message instanceof ClientMessage.Join) {
                joinDeadline.cancel(false);
            }
            session.handle(message);
        }

        private void internal(RuntimeException e) {
            String id = Correlation.next();
            log.error("[{}] internal fault handling a frame", id, e);
            connection.send(new ServerMessage.Error(
                    ErrorCode.INTERNAL, "internal error " + id, Optional.empty(), Optional.empty()));
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
        meters.closed(reason.getCloseCode().getCode());
        Object state = ws.getUserProperties().get(STATE);
        if (state instanceof State s) {
            LogIds.enter(s.connection().logId);
            try {
                // The code only: a reason phrase is the peer's text.
                log.debug("connection closed with {}", reason.getCloseCode().getCode());
                connections.remove(s.connection());
                users.closed(s.session());
                s.session().closed();
            } finally {
                LogIds.leave();
            }
        }
    }

    @Override
    public void onError(Session ws, Throwable error) {
        log.debug("websocket {} error: {}", ws.getId(), error.toString());
    }
}
