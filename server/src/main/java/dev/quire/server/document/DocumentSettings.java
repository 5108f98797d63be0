package dev.quire.server.document;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of live documents.
 *
 * @param snapshotEvery write a snapshot every this many ops (>= 1)
 * @param idleUnload    unload a document this long after its last editor left and its last op was durable
 * @param historyLimit  ops kept in memory per document for transform and catch-up (>= 1)
 */
public record DocumentSettings(int snapshotEvery, Duration idleUnload, int historyLimit) {
    public DocumentSettings {
        Objects.requireNonNull(idleUnload, "idleUnload");
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be >= 1, was " + snapshotEvery);
        }
        if (historyLimit < 1) {
            throw new IllegalArgumentException("historyLimit must be >= 1, was " + historyLimit);
        }
    }
}
