package dev.quire.server.transport;

import java.util.function.Consumer;

/**
 * How one connection's frames move: the part of a connection that differs between the WebSocket
 * ({@link WebSocketLink}) and the HTTP fallback ({@link PollLink}). Everything above it (the
 * bounded send queue in {@link Connection}, the session, limits, authorization, the codec) is one
 * code path for both. Implementations are thread-safe and never block the caller.
 */
interface Link {
    /**
     * Hands one frame (a whole JSON message) over; {@code done} runs once with {@code true} when the
     * peer's side took it (the socket wrote it; the poll client confirmed it), or {@code false} if
     * it never will.
     */
    void sendText(EncodedMessage message, Consumer<Boolean> done);

    /**
     * Runs {@code drain} (the connection handing its queued frames over) where this link sends
     * best: a WebSocket on its own I/O thread, so that the thread which queued a frame (a
     * document's mailbox sending one batch to 1,000 editors) never writes sockets itself; the
     * poll link at once, on the calling thread.
     */
    void dispatch(Runnable drain);

    /** Proves the link alive to the peer (a ping frame; an empty poll answer). */
    void ping();

    /** Ends the link with a close code after the frames already handed over. */
    void close(int code, String reason);

    /** Whether frames can still be handed over. */
    boolean isOpen();

    /** The transport's name in logs and in the connection's metrics: {@code websocket} or {@code http}. */
    String transport();
}
