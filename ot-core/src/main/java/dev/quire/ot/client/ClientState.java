package dev.quire.ot.client;

import dev.quire.ot.TextOperation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link Client} stands with the server, as in ot.js: nothing unconfirmed, one operation
 * waiting for its acknowledgement, or one waiting plus a buffer of later local edits; or, with a
 * window of more than one, several waiting (and maybe a buffer). Each
 * unacknowledged operation also says how many local edits were composed into it (for
 * {@link Client#pendingCount()}).
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
     * @param outstandingEdits how many local edits ({@link Client#applyClient} calls) were composed
     *     into it, at least 1
     */
    record AwaitingConfirm(Outgoing sent, TextOperation outstanding, int outstandingEdits) implements ClientState {
        /**
         * Checks both operations are present and the count is at least 1.
         *
         * @param sent the operation exactly as it was sent
         * @param outstanding the sent operation transformed to the latest server version seen
         * @param outstandingEdits how many local edits were composed into it
         * @throws IllegalArgumentException if outstandingEdits is below 1
         */
        public AwaitingConfirm {
            Objects.requireNonNull(sent, "sent");
            Objects.requireNonNull(outstanding, "outstanding");
            checkEdits("outstandingEdits", outstandingEdits);
        }
    }

    /**
     * One operation was sent and is not acknowledged yet, and local edits made since are buffered
     * (composed into one operation) until it is.
     *
     * @param sent the operation exactly as it was sent
     * @param outstanding the sent operation transformed to the latest server version seen
     * @param outstandingEdits how many local edits were composed into the sent operation, at least 1
     * @param buffer the local edits made after it, applying after {@code outstanding}
     * @param bufferEdits how many local edits were composed into the buffer, at least 1
     */
    record AwaitingWithBuffer(
            Outgoing sent, TextOperation outstanding, int outstandingEdits, TextOperation buffer, int bufferEdits)
            implements ClientState {
        /**
         * Checks all operations are present and both counts are at least 1.
         *
         * @param sent the operation exactly as it was sent
         * @param outstanding the sent operation transformed to the latest server version seen
         * @param outstandingEdits how many local edits were composed into the sent operation
         * @param buffer the local edits made after it
         * @param bufferEdits how many local edits were composed into the buffer
         * @throws IllegalArgumentException if a count is below 1
         */
        public AwaitingWithBuffer {
            Objects.requireNonNull(sent, "sent");
            Objects.requireNonNull(outstanding, "outstanding");
            checkEdits("outstandingEdits", outstandingEdits);
            Objects.requireNonNull(buffer, "buffer");
            checkEdits("bufferEdits", bufferEdits);
        }
    }

    /**
     * More than one operation was sent and none of them is acknowledged yet (a client with a window
     * of more than one, {@link Client#withWindow}; docs/decisions/039), and local edits made once the
     * window was full may be buffered.
     *
     * @param inFlight the operations in flight, oldest first, at least two; each {@code outstanding}
     *     applies after the ones before it
     * @param buffer the local edits made after them, if any
     * @param bufferEdits how many local edits were composed into the buffer, 0 without one
     */
    record Pipelined(List<AwaitingConfirm> inFlight, Optional<TextOperation> buffer, int bufferEdits)
            implements ClientState {
        /**
         * Checks and copies the values.
         *
         * @param inFlight the operations in flight, at least two
         * @param buffer the buffered local edits, if any
         * @param bufferEdits how many local edits were composed into the buffer
         * @throws IllegalArgumentException if fewer than two are in flight or the count does not fit the buffer
         */
        public Pipelined {
            inFlight = List.copyOf(inFlight);
            Objects.requireNonNull(buffer, "buffer");
            if (inFlight.size() < 2) {
                throw new IllegalArgumentException("inFlight: expected >= 2 operations, found " + inFlight.size());
            }
            if (buffer.isPresent()) {
                checkEdits("bufferEdits", bufferEdits);
            } else if (bufferEdits != 0) {
                throw new IllegalArgumentException("bufferEdits: expected 0 without a buffer, found " + bufferEdits);
            }
        }
    }

    private static void checkEdits(String name, int edits) {
        if (edits < 1) {
            throw new IllegalArgumentException(name + ": expected >= 1, found " + edits);
        }
    }
}
