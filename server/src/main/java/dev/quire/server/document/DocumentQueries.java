package dev.quire.server.document;

import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import java.util.List;
import java.util.Optional;

/**
 * Read-only questions about documents, answered from durable storage (what every editor has
 * been or will be sent): the text at any version and the op log. Thread-safe.
 */
public final class DocumentQueries {
    /** A document's text at a version. */
    public record Text(String id, int version, String content) {}

    /** One op of the log with the op decoded. */
    public record LoggedOp(OpRecord record, TextOperation op) {}

    private final DocumentStore store;

    public DocumentQueries(DocumentStore store) {
        this.store = store;
    }

    /** A page of the document list; see {@link DocumentStore#list}. */
    public dev.quire.server.storage.DocumentPage list(int limit, Optional<String> after) {
        return store.list(limit, after);
    }

    /** The document's list entry, if it exists. */
    public Optional<DocumentInfo> info(String docId) {
        return store.info(docId);
    }

    /**
     * The text at {@code version} (the current version if empty).
     *
     * @throws ProtocolException not-found, or version-out-of-range for a version after the current one
     */
    public Text text(String docId, Optional<Integer> version) {
        DocumentInfo info = store.info(docId).orElseThrow(() -> notFound(docId));
        int target = version.orElse(info.version());
        if (target < 0 || target > info.version()) {
            throw new ProtocolException(
                    ErrorCode.VERSION_OUT_OF_RANGE, "version " + target + " is outside 0.." + info.version());
        }
        Snapshot base = store.snapshotAtOrBefore(docId, target).orElse(new Snapshot(docId, 0, ""));
        String content = base.content();
        for (OpRecord r : store.ops(docId, base.version() + 1, target + 1)) {
            content = OpLogCodec.decode(r.opJson()).apply(content);
        }
        return new Text(docId, target, content);
    }

    /** The ops producing versions in {@code [from, to)}. */
    public List<LoggedOp> ops(String docId, int from, int to) {
        store.info(docId).orElseThrow(() -> notFound(docId));
        return store.ops(docId, from, to).stream()
                .map(r -> new LoggedOp(r, OpLogCodec.decode(r.opJson())))
                .toList();
    }

    private static ProtocolException notFound(String docId) {
        return new ProtocolException(ErrorCode.NOT_FOUND, "no document " + docId);
    }
}
