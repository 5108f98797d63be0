package dev.quire.server.storage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a store keeps suggestions (issue 17), beside its documents, like {@link CommentStore}.
 * Writes are applied in the order they were called; a write's future completes once it is
 * committed, and every read issued after that sees it. Thread-safe.
 */
public interface SuggestionStore {
    /**
     * Stores a suggestion, replacing the one with the same document and id.
     *
     * @param suggestion the suggestion in its new state
     * @return completes once committed
     */
    CompletableFuture<Void> save(SuggestionRecord suggestion);

    /**
     * A document's suggestions, by id.
     *
     * @param docId the document
     * @return its suggestions, oldest first; empty if none
     * @throws StorageException if the read fails
     */
    List<SuggestionRecord> suggestions(String docId);

    /**
     * Deletes every suggestion of a document (with the document).
     *
     * @param docId the document
     * @return completes once committed
     */
    CompletableFuture<Void> deleteAll(String docId);
}
