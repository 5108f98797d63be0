package dev.quire.server.document;

import dev.quire.server.protocol.ServerMessage;

/**
 * Where a live document sends an editor's messages: implemented by the connection's session.
 * Both methods must be non-blocking and thread-safe.
 */
public interface EditorSink {
    /** Queues a message for the client. */
    void send(ServerMessage message);

    /** The document removed this editor (deleted document); the session forgets the join. */
    void removed(String docId, String clientId);
}
