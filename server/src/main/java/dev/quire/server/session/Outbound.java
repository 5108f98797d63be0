package dev.quire.server.session;

import dev.quire.server.protocol.ServerMessage;

/** The sending side of one connection, implemented by the transport. Non-blocking, thread-safe. */
public interface Outbound {
    /** Queues a message; a connection whose queue is full is closed instead. */
    void send(ServerMessage message);

    /** Closes the connection with {@code code} after the messages already queued. */
    void close(int code, String reason);
}
