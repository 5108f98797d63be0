package dev.quire.ot.client;

import dev.quire.ot.TextOperation;
import java.util.Objects;

/**
 * Where a {@link Client} stands with the server, as in ot.js: nothing unconfirmed, one operation
 * waiting for its acknowledgement, or one waiting plus a buffer of later local edits.
 */
public sealed interface ClientState {

    /** Every local edit has been acknowledged. */
    record Synchronized() implements ClientState {}

    /**
     * One operation was sent and is not acknowledged yet.
     *
     * @param sent the operation exactly as it was sent (resent unchanged after a reconnect)
     * @param outstanding the same operation transformed over the remote operations received since
     *     it was sent: it applies to the latest server version the client has seen
     */
    record AwaitingConfirm(Outgoing sent, TextOperation outstanding) implements ClientState {
        /** Checks both are present. */
        public AwaitingConfirm {
            Objects.requireNonNull(sent, "sent");
            Objects.requireNonNull(outstanding, "outstanding");
        }
    }

    /**
     * One operation was sent and is not acknowledged yet, and local edits made since are buffered
     * (composed into one operation) until it is.
     *
     * @param sent the operation exactly as it was sent
     * @param outstanding the sent operation transformed to the latest server version seen
     * @param buffer the local edits made after it, applying after {@code outstanding}
     */
    record AwaitingWithBuffer(Outgoing sent, TextOperation outstanding, TextOperation buffer) implements ClientState {
        /** Checks all are present. */
        public AwaitingWithBuffer {
            Objects.requireNonNull(sent, "sent");
            Objects.requireNonNull(outstanding, "outstanding");
            Objects.requireNonNull(buffer, "buffer");
        }
    }
}
