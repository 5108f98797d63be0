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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every open connection, whatever moves its frames (decision 025): opens a {@link Connection} and a
 * {@link ClientSession} over a {@link Link}, decodes and routes each whole text message, and ends
 * them. The WebSocket endpoint and the HTTP fallback only read frames and hand them here; the
 * codec, the session, the limits, the per-user cap and the join deadline are the same code for
 * both. Nothing is thrown out: client mistakes get error messages, internal faults are logged once
 * with a correlation id and answered with {@code internal}. Thread-safe; {@link #receive} is
 * called with one connection's messages one at a time, in order.
 */
final class ConnectionHub {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHub.class);

    /** One open connection: its sending side, its session, and the clock of its first join. */
    record Peer(Connection connection, ClientSession session, Future<?> joinDeadline) {}

    private final DocumentRegistry registry;
    private final JsonCodec codec;
    private final EncodeCache encoder;
    private final TransportSettings settings;
    private final SessionLimits limits;
    private final Authenticator authenticator;
    private final UserConnections users;
    private final JoinDeadline joinDeadline;
    private final Meters meters;
    private final SessionOwners owners = new SessionOwners();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    ConnectionHub(
            DocumentRegistry registry,
            JsonCodec codec,
            TransportSettings settings,
            SessionLimits limits,
            Authenticator authenticator,
            UserConnections users,
            JoinDeadline joinDeadline,
            Meters meters) {
        this.registry = registry;
        this.codec = codec;
        this.encoder = new EncodeCache(codec);
        this.settings = settings;
        this.limits = limits;
        this.authenticator = authenticator;
        this.users = users;
        this.joinDeadline = joinDeadline;
        this.meters = meters;
    }

    /** Every open connection of both transports (pinged, closed on shutdown, counted). */
    Set<Connection> connections() {
        return connections;
    }

    JsonCodec codec() {
        return codec;
    }

    TransportSettings settings() {
        return settings;
    }

    /** The sending side of a new link, before it has a session (a refusal can still be sent). */
    Connection connection(Link link) {
        return new Connection(link, encoder, settings.sendQueueLimit(), settings.sendQueueBytes(), meters);
    }

    /**
     * Gives an opened connection its session acting as {@code principal}. A connection that takes
     * its user over {@code --max-connections-per-user} is closed with 1008 at once (see
     * {@link Connection#isClosing()}). Either way {@link #closed} must follow once the link is gone.
     */
    Peer open(Connection connection, Principal principal) {
        ClientSession session = new ClientSession(registry, connection, limits, principal, authenticator, owners);
        Peer peer = new Peer(connection, session, joinDeadline.start(connection));
        connections.add(connection);
        if (!users.opened(session)) {
            connection.close(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), "too many connections for this user");
        }
        return peer;
    }

    /** Decodes and routes one whole text message. */
    void receive(Peer peer, String text) {
        if (peer.connection().isClosing()) {
            return;
        }
        LogIds.enter(peer.connection().logId);
        try {
            ClientMessage message;
            try {
                message = codec.decode(text);
            } catch (ProtocolException e) {
                peer.session().send(e.toMessage());
                return;
            }
            if (message instanceof ClientMessage.Join) {
                peer.joinDeadline().cancel(false);
            }
            peer.session().handle(message);
        } catch (RuntimeException e) {
            internal(peer, e);
        } catch (Error e) {
            // A transport thread would log and swallow it.
            FatalErrors.haltIfFatal(e);
            throw e;
        } finally {
            LogIds.leave();
        }
    }

    /** Refuses a message over {@code --max-message-bytes} whole; the connection stays open. */
    void refuse(Peer peer, OversizedMessage oversized) {
        peer.session().send(oversized.refuse(codec.mapper().getFactory(), settings.maxMessageBytes()));
    }

    private void internal(Peer peer, RuntimeException e) {
        String id = Correlation.next();
        log.error("[{}] internal fault handling a frame", id, e);
        peer.connection()
                .send(new ServerMessage.Error(
                        ErrorCode.INTERNAL, "internal error " + id, Optional.empty(), Optional.empty()));
    }

    /** The link is gone: its editors leave their documents, its user's count goes down. */
    void closed(Peer peer, int code) {
        meters.closed(code);
        LogIds.enter(peer.connection().logId);
        try {
            // The code only: a reason phrase is the peer's text.
            log.debug("connection closed with {}", code);
            peer.joinDeadline().cancel(false);
            connections.remove(peer.connection());
            users.closed(peer.session());
            peer.session().closed();
        } finally {
            LogIds.leave();
        }
    }
}
