package dev.quire.client;

import dev.quire.ot.TextOperation;
import java.util.Objects;

/**
 * Another editor's edit, as applied to this client's text: {@code op} (already transformed over
 * this client's unacknowledged edits) turned the text into {@code text}. {@code version} is the
 * server version the edit produced; {@code clientId} names its editor ({@code ""} for REST).
 */
public record Change(TextOperation op, String text, int version, String clientId) {
    public Change {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(clientId, "clientId");
    }
}
