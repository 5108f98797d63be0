package dev.quire.server.session;

import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.document.EditorSink;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.security.AuthException;
import dev.quire.server.security.Authenticator;
import dev.quire.server.security.Principal;
import dev.quire.server.security.Role;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection's view of the documents it edits (ShareDB's agent, minus the
 * network), acting as one {@link Principal}. {@link #handle} is called by the transport with one
 * message at a time, in the order they arrived; {@link #send} and {@link #removed} may be called
 * from any document's mailbox; {@link #recheck} from the token re-check thread.
 *
 * <p>Authorization happens here, per message: {@code join} and {@code presence} need
 * {@code read}, {@code op} needs {@code write}, {@code comment} needs {@code comment} (resolving
 * or reopening a thread {@code write}), {@code chat} needs {@code comment} and
 * {@code chat-history} {@code read} (decision 032); otherwise the answer is {@code forbidden} and
 * nothing reaches the document.
 */
public final class ClientSession implements EditorSink {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    private static final int MAX_DIVERGENCE_REPORTS = 10;
    /** The close code of a connection whose token is invalid, expired or of another user. */
    public static final int CLOSE_UNAUTHORIZED = 4401;

    private final DocumentRegistry registry;
    private final Outbound outbound;
    private final Authenticator authenticator;
    private final SessionOwners owners;
    /** Replaced by an auth message (same user); read by the re-check thread. */
    private volatile Principal principal;
    /** Set once the connection is being closed for its token. */
    private final AtomicBoolean ending = new AtomicBoolean();
    /** {@code diverged} reports of this connection; beyond {@link #MAX_DIVERGENCE_REPORTS} they are dropped. */
    private final AtomicInteger divergenceReports = new AtomicInteger();
    /** doc id -> client id of this connection's join of it. */
    private final Map<String, String> joined = new ConcurrentHashMap<>();

    /** What this connection may do (op rate, documents, presence, protocol errors). */
    private final SessionGuard guard;
    /** How fast this connection may chat. */
    private final ChatRateLimiter chatRate = new ChatRateLimiter();

    /** A session with authentication off: the trusted principal. */
    public ClientSession(DocumentRegistry registry, Outbound outbound, SessionLimits limits) {
        this(registry, outbound, limits, Principal.trusted(), Authenticator.off(), new SessionOwners());
    }

    public ClientSession(
            DocumentRegistry registry,
            Outbound outbound,
            SessionLimits limits,
            Principal principal,
            Authenticator authenticator,
            SessionOwners owners) {
        this.registry = registry;
        this.outbound = outbound;
        this.principal = principal;
        this.authenticator = authenticator;
        this.owners = owners;
        this.guard = new SessionGuard(limits, outbound, this::forwardPresence);
    }

    /** The principal this connection acts as now. */
    public Principal principal() {
        return principal;
    }

    /** Routes one decoded message. Never throws for a client's mistake: it answers with an error. */
    public void handle(ClientMessage message) {
        if (message instanceof ClientMessage.Auth auth) {
            reauthenticate(auth.token());
            return;
        }
        if (message instanceof ClientMessage.Join join) {
            join(join);
            return;
        }
        Optional<Long> seq = message instanceof ClientMessage.Op op ? Optional.of(op.seq()) : Optional.empty();
        String clientId = joined.get(message.docId());
        if (clientId == null) {
            refuse(ErrorCode.NOT_JOINED, "not joined to document " + message.docId(), message.docId(), seq);
            return;
        }
        if (message instanceof ClientMessage.Op op) {
            if (allowed(op.docId(), Role.WRITE, seq) && guard.admitOp(op, this::send)) {
                registry.op(op, clientId, this);
            }
        } else if (message instanceof ClientMessage.Presence presence) {
            if (allowed(presence.docId(), Role.READ, seq)) {
                // With authentication on the name comes from the token: a rename is ignored.
                guard.presence(principal.isTrusted() ? presence : presence.withoutName(), this::send);
            }
        } else if (message instanceof ClientMessage.Comment comment) {
            Role needed = comment.action().changesThreadState() ? Role.WRITE : Role.COMMENT;
            if (allowed(comment.docId(), needed, seq)) {
                registry.comment(comment, clientId, this);
            }
        } else if (message instanceof ClientMessage.Chat chat) {
            if (allowed(chat.docId(), Role.COMMENT, seq) && chatRate.admit(chat.docId(), this::send)) {
                registry.chat(chat, clientId, this);
            }
        } else if (message instanceof ClientMessage.ChatHistory history) {
            if (allowed(history.docId(), Role.READ, seq)) {
                registry.chatHistory(history, this);
            }
        } else if (message instanceof ClientMessage.Suggestion suggestion) {
            // Suggesting is commenting on the text; deciding changes it, which needs write.
            Role needed = suggestion.action().decides() ? Role.WRITE : Role.COMMENT;
            if (allowed(suggestion.docId(), needed, seq)) {
                registry.suggestion(suggestion, clientId, this);
            }
        } else if (message instanceof ClientMessage.Diverged diverged) {
            // Counted and logged a few times per connection: enough to see it, never a log flood.
            if (divergenceReports.incrementAndGet() <= MAX_DIVERGENCE_REPORTS) {
                registry.diverged(diverged.docId(), diverged.version(), clientId);
            }
        } else if (message instanceof ClientMessage.Leave leave) {
            joined.remove(leave.docId(), clientId);
            guard.left(leave.docId());
            registry.leave(leave.docId(), clientId, this);
        }
    }

    private void join(ClientMessage.Join join) {
        Principal p = principal;
        if (!allowed(join.docId(), Role.READ, Optional.empty())) {
            return;
        }
        if (!owners.claim(join.session(), p)) {
            refuse(ErrorCode.FORBIDDEN, "this session belongs to another user", join.docId(), Optional.empty());
            return;
        }
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
        if (p.isTrusted()) {
            joined.put(join.docId(), registry.join(join, this));
            return;
        }
        // With authentication on the name comes from the token and the exactly-once key is bound to the user.
        ClientMessage.Join bound = new ClientMessage.Join(
                join.docId(),
                p.sessionKey(join.session()),
                join.version(),
                Optional.of(p.displayName()),
                join.accept());
        String role = p.roleFor(join.docId()).orElseThrow().wire();
        joined.put(join.docId(), registry.join(bound, p.userId(), role, this));
    }

    private boolean allowed(String docId, Role needed, Optional<Long> seq) {
        if (principal.may(docId, needed)) {
            return true;
        }
        refuse(ErrorCode.FORBIDDEN, "your token does not grant " + needed.wire() + " on " + docId, docId, seq);
        return false;
    }

    /** A fresh token: same user, new roles at once; documents no longer readable are left. */
    private void reauthenticate(String token) {
        Principal fresh;
        try {
            fresh = authenticator.authenticate(token);
        } catch (AuthException e) {
            unauthorized(ErrorCode.UNAUTHORIZED, e.getMessage());
            return;
        }
        if (!fresh.userId().equals(principal.userId())) {
            unauthorized(ErrorCode.FORBIDDEN, "auth: the token is for another user");
            return;
        }
        principal = fresh;
        for (Map.Entry<String, String> e : joined.entrySet()) {
            if (!fresh.may(e.getKey(), Role.READ) && joined.remove(e.getKey(), e.getValue())) {
                registry.leave(e.getKey(), e.getValue(), this);
                refuse(
                        ErrorCode.FORBIDDEN,
                        "your token no longer grants read on " + e.getKey(),
                        e.getKey(),
                        Optional.empty());
            }
        }
    }

    /** Closes the connection with 4401 if its token has expired by {@code now}. */
    public void recheck(Instant now) {
        Optional<Instant> expires = principal.expires();
        if (expires.isPresent() && !now.isBefore(expires.get())) {
            unauthorized(ErrorCode.UNAUTHORIZED, "token expired: send a fresh one when reconnecting");
        }
    }

    private void unauthorized(ErrorCode code, String message) {
        if (!ending.compareAndSet(false, true)) {
            return;
        }
        send(new ServerMessage.Error(code, message, Optional.empty(), Optional.empty()));
        outbound.close(CLOSE_UNAUTHORIZED, code.wire());
    }

    private void refuse(ErrorCode code, String message, String docId, Optional<Long> seq) {
        send(new ProtocolException(code, message, Optional.of(docId), seq).toMessage());
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
        if (message instanceof ServerMessage.Error e
                && e.code() != ErrorCode.RATE_LIMITED
                && (e.seq().isPresent() || e.code() == ErrorCode.MESSAGE_TOO_LARGE)) {
            // An op refused: its code, document and seq, never its text (nor the message, which may quote it).
            log.info(
                    "refused op: code={} doc={} seq={}",
                    e.code().wire(),
                    e.docId().orElse("-"),
                    e.seq().map(String::valueOf).orElse("-"));
        }
        outbound.send(message);
        if (guard.closesAfter(message)) {
            outbound.close(SessionGuard.POLICY_VIOLATION, "too many protocol errors");
        }
    }

    /** An ack or a broadcast op (never an error): {@code written} runs once the socket took it. */
    @Override
    public void send(ServerMessage message, Runnable written) {
        outbound.send(message, written);
    }

    @Override
    public void removed(String docId, String clientId) {
        joined.remove(docId, clientId);
        guard.left(docId);
    }
}
