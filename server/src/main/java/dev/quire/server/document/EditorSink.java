package dev.quire.server.document;

import dev.quire.server.protocol.ServerMessage;

/**
 * Where a live document sends an editor's messages: implemented by the connection's session.
 * Both methods must be non-blocking and thread-safe.
 */
public interface EditorSink {
    /** Queues a message for the client. */
    void send(ServerMessage message);

    /**
     * Queues a message and runs {@code written} once the socket has taken it (never, if the
     * connection closes first); by default at once. For timing broadcasts.
     */
    default void send(ServerMessage message, Runnable written) {
        send(message);
        written.run();
    }

    /** The document removed this editor (deleted document); the session forgets the join. */
    void removed(String docId, String clientId);
}
