package dev.quire.server.storage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a store keeps one kind of anchored range (issue 17, decision 042), beside its documents:
 * comments ({@link CommentStore}) or suggestions ({@link SuggestionStore}). Writes are applied in
 * the order they were called; a write's future completes once it is committed, and every read
 * issued after that sees it. Thread-safe.
 *
 * @param <R> the stored record
 */
public interface RangeStore<R extends RangeRecord<R>> {
    /**
     * Stores a record, replacing the one with the same document and id.
     *
     * @param record the record in its new state
     * @return completes once committed
     */
    CompletableFuture<Void> save(R record);

    /**
     * A document's records, by id.
     *
     * @param docId the document
     * @return its records, oldest first; empty if none
     * @throws StorageException if the read fails
     */
    List<R> ranges(String docId);

    /**
     * The id a new record of a document takes: past every id this node knows of and, in a store
     * several nodes share, past every id any node took for the document, so that two records
     * never get one id (decision 050). A store only this process writes (H2, memory) answers
     * {@code known}: the document's mailbox is the only place its ids are made.
     *
     * @param docId the document
     * @param known one past the highest id this node knows of, stored or not yet
     * @return the id, &gt;= {@code known}
     * @throws StorageException if the store cannot be reached
     */
    default long nextId(String docId, long known) {
        return known;
    }

    /**
     * Deletes every record of a document (with the document).
     *
     * @param docId the document
     * @return completes once committed
     */
    CompletableFuture<Void> deleteAll(String docId);
}
