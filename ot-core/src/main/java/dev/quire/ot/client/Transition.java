package dev.quire.ot.client;

import dev.quire.ot.TextOperation;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one event on a {@link Client}: the next client, what to send to the server (if
 * anything) and what to apply to the local document (if anything).
 *
 * @param client the client after the event
 * @param send the operation to send now, if any
 * @param apply the operation to apply to the local document now, if any
 */
public record Transition(Client client, Optional<Outgoing> send, Optional<TextOperation> apply) {
    /**
     * Checks all are present.
     *
     * @param client the client after the event
     * @param send the operation to send now, or empty
     * @param apply the operation to apply to the local document now, or empty
     */
    public Transition {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(send, "send");
        Objects.requireNonNull(apply, "apply");
    }
}
