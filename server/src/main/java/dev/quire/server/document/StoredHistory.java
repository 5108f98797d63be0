package dev.quire.server.document;

import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import dev.quire.server.storage.StoredDocument;
import java.util.List;
import java.util.Optional;

/**
 * What a document loads: not only its newest snapshot and the ops after it, but the recent history
 * before that snapshot too — the last {@code min(--history-limit, }{@value #MAX_RELOADED}{@code )}
 * ops — replayed from an older snapshot. An editor that reconnects after a restart (whose
 * graceful shutdown snapshots every open document at its newest version) or after an idle unload
 * then gets a catch-up instead of the text, and its op in flight, based on a version before that
 * snapshot, can still be transformed: it loses nothing (decision 017). Stateless.
 */
final class StoredHistory {
    /** Most ops replayed on top of the snapshot on load, bounding the work of a load. */
    static final int MAX_RELOADED = 1000;

    private StoredHistory() {}

    /**
     * The document from a snapshot at or before {@code version - window}, and every op after it;
     * empty if the document does not exist.
     */
    static Optional<StoredDocument> load(DocumentStore store, String docId, int historyLimit) {
        Optional<StoredDocument> newest = store.load(docId);
        if (newest.isEmpty()) {
            return newest;
        }
        int version = newest.get().version();
        int want = Math.max(0, version - Math.min(historyLimit, MAX_RELOADED));
        if (newest.get().snapshot().version() <= want) {
            return newest;
        }
        Snapshot older = store.snapshotAtOrBefore(docId, want).orElse(new Snapshot(docId, 0, ""));
        List<OpRecord> ops = store.ops(docId, older.version() + 1, version + 1);
        if (ops.size() != version - older.version()) {
            return newest; // deleted and written again meanwhile: what load read is consistent
        }
        return Optional.of(new StoredDocument(older, ops));
    }
}
