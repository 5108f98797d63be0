package dev.quire.server.session;

import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ServerMessage;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The limits of one connection ({@link SessionLimits}), so that nothing one client sends can hurt
 * the others: the op rate (a token bucket; flooding for 10 s closes the socket 1008), documents
 * joined at once, ranges per presence and presence coalescing, and the count of protocol errors
 * (over the limit: close 1008).
 *
 * <p>{@link #admitJoin}, {@link #admitOp} and {@link #presence} are called by the connection's
 * handler, one message at a time; {@link #closesAfter} from any thread.
 */
final class SessionGuard {
    /** Close code for a client that breaks the rules: floods, or keeps sending bad messages. */
    static final int POLICY_VIOLATION = 1008;

    /**
     * Errors that count towards {@code --max-protocol-errors}: a client's mistakes. Not counted:
     * {@code rate-limited} (the flood rule handles it), {@code internal} and
     * {@code document-deleted} (not the client's doing), and codes that close the socket anyway.
     */
    private static final Set<ErrorCode> MISTAKES = EnumSet.of(
            ErrorCode.MALFORMED_MESSAGE,
            ErrorCode.UNKNOWN_TYPE,
            ErrorCode.INVALID_DOC_ID,
            ErrorCode.INVALID_SESSION,
            ErrorCode.NOT_JOINED,
            ErrorCode.INVALID_OP,
            ErrorCode.VERSION_OUT_OF_RANGE,
            ErrorCode.SEQ_REUSED,
            ErrorCode.SEQ_GAP,
            ErrorCode.TOO_MANY_IN_FLIGHT,
            ErrorCode.FORBIDDEN,
            ErrorCode.DOCUMENT_TOO_LARGE,
            ErrorCode.MESSAGE_TOO_LARGE,
            ErrorCode.TOO_MANY_DOCUMENTS);

    private final SessionLimits limits;
    private final Outbound outbound;
    private final OpRateLimiter rate;
    private final PresenceThrottle presence;
    private final AtomicInteger errors = new AtomicInteger();

    SessionGuard(SessionLimits limits, Outbound outbound, Consumer<ClientMessage.Presence> forwardPresence) {
        this.limits = limits;
        this.outbound = outbound;
        this.rate = new OpRateLimiter(limits.opRate(), limits.opBurst(), System.nanoTime());
        this.presence = new PresenceThrottle(forwardPresence);
    }

    /** Empty if the connection, which has joined {@code joinedCount} documents, may join another. */
    Optional<ServerMessage.Error> admitJoin(ClientMessage.Join join, int joinedCount) {
        if (joinedCount < limits.maxDocuments()) {
            return Optional.empty();
        }
        return Optional.of(new ServerMessage.Error(
                ErrorCode.TOO_MANY_DOCUMENTS,
                "this connection has joined " + joinedCount + " documents, the most it may; leave one first",
                Optional.of(join.docId()),
                Optional.empty()));
    }

    /** Whether the op may go on; if not, the client was told why (or the socket is closing). */
    boolean admitOp(ClientMessage.Op op, Consumer<ServerMessage> send) {
        OpRateLimiter.Verdict v = rate.take(System.nanoTime());
        switch (v.kind()) {
            case ALLOWED:
                return true;
            case REFUSED:
                send.accept(new ServerMessage.Error(
                        ErrorCode.RATE_LIMITED,
                        "over " + limits.opRate() + " ops/s; resend this op after " + v.retryAfterMs() + " ms",
                        Optional.of(op.docId()),
                        Optional.of(op.seq()),
                        OptionalLong.of(v.retryAfterMs())));
                return false;
            default:
                outbound.close(POLICY_VIOLATION, "op rate exceeded for 10 s");
                return false;
        }
    }

    /** Checks a presence's size, then forwards it through the coalescing throttle. */
    void presence(ClientMessage.Presence p, Consumer<ServerMessage> send) {
        if (p.selection().size() > limits.maxPresenceRanges()) {
            send.accept(new ServerMessage.Error(
                    ErrorCode.INVALID_OP,
                    "presence: " + p.selection().size() + " ranges, at most " + limits.maxPresenceRanges(),
                    Optional.of(p.docId()),
                    Optional.empty()));
            return;
        }
        presence.offer(p);
    }

    /** The connection left a document. */
    void left(String docId) {
        presence.forget(docId);
    }

    /**
     * Counts a message just sent; true if it is the client's mistake number
     * {@code --max-protocol-errors}, after which the connection is closed.
     */
    boolean closesAfter(ServerMessage message) {
        return message instanceof ServerMessage.Error e
                && MISTAKES.contains(e.code())
                && errors.incrementAndGet() == limits.maxProtocolErrors();
    }
}
