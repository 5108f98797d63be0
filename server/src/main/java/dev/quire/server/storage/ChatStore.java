package dev.quire.server.storage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a store keeps chat messages (issue 17, decision 032), beside its documents. Writes are
 * applied in the order they were called; a write's future completes once it is committed, and
 * every read issued after that sees it. Thread-safe.
 */
public interface ChatStore {
    /**
     * Stores a new message with the document's next id (its last id + 1; 1 for the first).
     *
     * @param message the message, with id 0
     * @return completes with the message as stored (its id set) once committed
     */
    CompletableFuture<ChatRecord> append(ChatRecord message);

    /**
     * The newest {@code limit} messages of a document whose id is below {@code before}.
     *
     * @param docId the document
     * @param before an id; {@link Long#MAX_VALUE} for the newest messages
     * @param limit at most this many, &gt;= 1
     * @return the messages, oldest first; empty if none
     * @throws StorageException if the read fails
     */
    List<ChatRecord> before(String docId, long before, int limit);

    /**
     * Deletes every message of a document (with the document).
     *
     * @param docId the document
     * @return completes once committed
     */
    CompletableFuture<Void> deleteAll(String docId);
}
