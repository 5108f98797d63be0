package dev.quire.server.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the network edge.
 *
 * @param host            the address to bind
 * @param port            the port, 0 for any free one
 * @param maxMessageBytes the largest text message accepted (UTF-8 bytes)
 * @param sendQueueLimit  messages queued for one connection before it is closed
 * @param sendQueueBytes  bytes queued for one connection before it is closed
 * @param pingInterval    how often the server pings each connection
 * @param peerTimeout     a connection silent for this long is closed
 */
public record TransportSettings(
        String host,
        int port,
        int maxMessageBytes,
        int sendQueueLimit,
        long sendQueueBytes,
        Duration pingInterval,
        Duration peerTimeout) {
    public TransportSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(peerTimeout, "peerTimeout");
    }
}
