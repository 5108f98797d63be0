package dev.quire.ot.client;

import dev.quire.ot.TextOperation;
import java.util.Objects;

/**
 * An operation the client sends: its sequence number, the server version it is based on, and
 * the operation as made. After a reconnect the same value is sent again, unchanged, so the
 * server can tell a resend (same seq, same content) from a new operation.
 *
 * @param seq the client's sequence number for this operation, from 1
 * @param baseVersion the server version the operation applies to
 * @param op the operation
 */
public record Outgoing(int seq, int baseVersion, TextOperation op) {
    /**
     * Checks the values.
     *
     * @param seq the client's sequence number, at least 1
     * @param baseVersion the server version the operation applies to, at least 0
     * @param op the operation
     * @throws IllegalArgumentException if seq or baseVersion is out of range
     */
    public Outgoing {
        Objects.requireNonNull(op, "op");
        if (seq < 1) {
            throw new IllegalArgumentException("seq: expected >= 1, found " + seq);
        }
        if (baseVersion < 0) {
            throw new IllegalArgumentException("baseVersion: expected >= 0, found " + baseVersion);
        }
    }
}
