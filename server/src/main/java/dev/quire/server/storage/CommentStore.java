package dev.quire.server.storage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a store keeps comments (issue 17), beside its documents. Writes are applied in the order
 * they were called; a write's future completes once it is committed, and every read issued after
 * that sees it. Thread-safe.
 */
public interface CommentStore {
    /**
     * Stores a comment, replacing the one with the same document and id.
     *
     * @param comment the comment in its new state
     * @return completes once committed
     */
    CompletableFuture<Void> save(CommentRecord comment);

    /**
     * A document's comments, by id.
     *
     * @param docId the document
     * @return its comments, oldest first; empty if none
     * @throws StorageException if the read fails
     */
    List<CommentRecord> comments(String docId);

    /**
     * Deletes every comment of a document (with the document).
     *
     * @param docId the document
     * @return completes once committed
     */
    CompletableFuture<Void> deleteAll(String docId);
}
