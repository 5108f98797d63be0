package dev.quire.server.storage;

import java.util.List;
import java.util.Objects;

/**
 * What loading a document reads: its newest snapshot and every op after it, in version order.
 * A document without snapshot loads from an empty snapshot at version 0.
 *
 * @param snapshot the newest snapshot
 * @param ops      the ops producing versions {@code snapshot.version()+1 ...}, without gaps
 */
public record StoredDocument(Snapshot snapshot, List<OpRecord> ops) {
    public StoredDocument {
        Objects.requireNonNull(snapshot, "snapshot");
        ops = List.copyOf(ops);
    }

    /** The version after the last op. */
    public int version() {
        return ops.isEmpty() ? snapshot.version() : ops.get(ops.size() - 1).version();
    }
}
