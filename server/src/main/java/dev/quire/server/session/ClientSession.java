package dev.quire.server.session;

import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.document.EditorSink;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One WebSocket connection's view of the documents it edits (ShareDB's agent, minus the
 * network). {@link #handle} is called by the transport with one message at a time, in the order
 * they arrived; {@link #send} and {@link #removed} may be called from any document's mailbox.
 */
public final class ClientSession implements EditorSink {
    private final DocumentRegistry registry;
    private final Outbound outbound;
    /** doc id -> client id of this connection's join of it. */
    private final Map<String, String> joined = new ConcurrentHashMap<>();

    private final SessionGuard guard;

    public ClientSession(DocumentRegistry registry, Outbound outbound, SessionLimits limits) {
        this.registry = registry;
        this.outbound = outbound;
        this.guard = new SessionGuard(limits, outbound, this::forwardPresence);
    }

    /** Routes one decoded message. Never throws for a client's mistake: it answers with an error. */
    public void handle(ClientMessage message) {
        if (message instanceof ClientMessage.Join join) {
            if (!joined.containsKey(join.docId())) {
                Optional<ServerMessage.Error> refused = guard.admitJoin(join, joined.size());
                if (refused.isPresent()) {
                    send(refused.get());
                    return;
                }
            }
            String previous = joined.remove(join.docId());
            if (previous != null) {
                registry.leave(join.docId(), previous, this);
            }
            joined.put(join.docId(), registry.join(join, this));
            return;
        }
        String clientId = joined.get(message.docId());
        if (clientId == null) {
            Optional<Long> seq = message instanceof ClientMessage.Op op ? Optional.of(op.seq()) : Optional.empty();
            send(new ProtocolException(
                            ErrorCode.NOT_JOINED,
                            "not joined to document " + message.docId(),
                            Optional.of(message.docId()),
                            seq)
                    .toMessage());
            return;
        }
        if (message instanceof ClientMessage.Op op) {
            if (guard.admitOp(op, this::send)) {
                registry.op(op, clientId, this);
            }
        } else if (message instanceof ClientMessage.Presence presence) {
            guard.presence(presence, this::send);
        } else if (message instanceof ClientMessage.Leave leave) {
            joined.remove(leave.docId(), clientId);
            guard.left(leave.docId());
            registry.leave(leave.docId(), clientId, this);
        }
    }

    /** The connection is gone: leaves every joined document. */
    public void closed() {
        for (Map.Entry<String, String> e : joined.entrySet()) {
            registry.leave(e.getKey(), e.getValue(), this);
        }
        joined.clear();
    }

    /** A presence the throttle lets through, to the document this connection joined now. */
    private void forwardPresence(ClientMessage.Presence presence) {
        String clientId = joined.get(presence.docId());
        if (clientId != null) {
            registry.presence(presence, clientId, this);
        }
    }

    /** Sends a message; the client's mistake number {@code --max-protocol-errors} also closes the socket 1008. */
    @Override
    public void send(ServerMessage message) {
        outbound.send(message);
        if (guard.closesAfter(message)) {
            outbound.close(SessionGuard.POLICY_VIOLATION, "too many protocol errors");
        }
    }

    @Override
    public void removed(String docId, String clientId) {
        joined.remove(docId, clientId);
        guard.left(docId);
    }
}
