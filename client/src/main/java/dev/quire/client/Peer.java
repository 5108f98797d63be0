package dev.quire.client;

import dev.quire.ot.Selection;
import java.util.Objects;
import java.util.Optional;

/**
 * Another editor of a document: its {@code clientId}, display {@code name} and {@code color}
 * (chosen by the server), and its {@code selection} in this client's text (empty when it has
 * none, or it is unknown).
 */
public record Peer(String clientId, String name, String color, Optional<Selection> selection) {
    public Peer {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(selection, "selection");
    }
}
