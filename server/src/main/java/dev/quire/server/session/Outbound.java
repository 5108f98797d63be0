package dev.quire.server.session;

import dev.quire.server.protocol.ServerMessage;

/** The sending side of one connection, implemented by the transport. Non-blocking, thread-safe. */
public interface Outbound {
    /** Queues a message; a connection whose queue is full is closed instead. */
    void send(ServerMessage message);

    /**
     * Queues a message and runs {@code written} once the socket has taken it (never, if the
     * connection closes first); by default at once.
     */
    default void send(ServerMessage message, Runnable written) {
        send(message);
        written.run();
    }

    /** Closes the connection with {@code code} after the messages already queued. */
    void close(int code, String reason);
}
