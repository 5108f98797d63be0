package dev.quire.server.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Durable storage of documents, their op logs and snapshots.
 *
 * <p>Writes ({@link #create}, {@link #append}, {@link #saveSnapshot}, {@link #delete}) are
 * queued and applied in the order they were called, across all documents; the returned future
 * completes only once the write is durable (committed so that it survives a crash of the
 * process). Implementations group queued writes into few transactions so that throughput does
 * not fall to one disk write per op. Futures complete on an internal thread: callers must not
 * block in their continuations.
 *
 * <p>Reads see every write whose future has completed. All methods are thread-safe. Times are
 * kept to the microsecond: an {@link OpRecord#time()} reads back truncated to microseconds.
 *
 * <p>Callers append the ops of one document in version order without gaps, and each session's
 * ops in seq order: the store fails the future of an append whose version is not the document's
 * last version + 1, or whose seq is not above the last seq of its (doc, session) — so a
 * (doc, session, seq) is never in the log twice. A failed append changes nothing.
 */
public interface DocumentStore extends AutoCloseable {

    /** Creates the document at version 0 if it does not exist; does nothing if it does. */
    CompletableFuture<Void> create(String docId, Instant time);

    /**
     * Appends one op to the log and sets the document's version, length and update time
     * (creating the document row if needed).
     *
     * @param op          the op as applied
     * @param lengthAfter the document's length after the op
     */
    CompletableFuture<Void> append(OpRecord op, int lengthAfter);

    /**
     * Appends like {@link #append(OpRecord, int)}, as part of {@code generation}: a store that
     * {@link #fencesGenerations fences generations} fails it if an earlier append of the same
     * generation failed. Other stores ignore the generation.
     */
    default CompletableFuture<Void> append(OpRecord op, int lengthAfter, Generation generation) {
        return append(op, lengthAfter);
    }

    /** Stores a snapshot; storing the same (doc, version) twice keeps the first. */
    CompletableFuture<Void> saveSnapshot(Snapshot snapshot);

    /**
     * Stores a snapshot like {@link #saveSnapshot(Snapshot)}, as part of {@code generation}: a store
     * that {@link #fencesGenerations fences generations} drops it (and completes its future) if an
     * append of the same generation failed at or below its version. Other stores ignore the
     * generation.
     */
    default CompletableFuture<Void> saveSnapshot(Snapshot snapshot, Generation generation) {
        return saveSnapshot(snapshot);
    }

    /**
     * Folds the op log of {@code docId} into its snapshots (the history retention policy,
     * decision 029): finds the newest snapshot whose version was produced by an op older than
     * {@code before}, and deletes the ops before that version. The op that produced the
     * snapshot's version and every op after it stay, and no snapshot is deleted: the log then
     * holds the ops from that version on, and older versions are the snapshots (the milestones).
     * Reads of a deleted range return fewer ops than asked for, which callers treat as "compacted".
     *
     * <p>Runs at once on the caller's thread (not queued behind the writes), concurrently with
     * them; it touches only ops that are older than a durable snapshot, which no write changes.
     *
     * @return how many ops were deleted (0 when no snapshot qualifies)
     */
    int compact(String docId, Instant before);

    /** Deletes the document, its ops and snapshots; completes with whether it existed. */
    CompletableFuture<Boolean> delete(String docId);

    /** The newest snapshot and the ops after it, or empty if the document does not exist. */
    Optional<StoredDocument> load(String docId);

    /** The newest snapshot at or before {@code version}, if any. */
    Optional<Snapshot> snapshotAtOrBefore(String docId, int version);

    /** The ops producing versions in {@code [fromVersion, toVersion)}, in version order. */
    List<OpRecord> ops(String docId, int fromVersion, int toVersion);

    /** The op committed for (doc, session, seq), if any. */
    Optional<OpRecord> findBySeq(String docId, String session, long seq);

    /** The highest committed seq of (doc, session), or 0 if none. */
    long lastSeq(String docId, String session);

    /** The document's list entry (exact: its newest committed op), or empty if it does not exist. */
    Optional<DocumentInfo> info(String docId);

    /**
     * A page of documents, most recently updated first, then by id; it reflects every write
     * whose future completed before the call.
     *
     * @param limit 1..1000
     * @param after the cursor of the previous page, or empty for the first page
     * @throws IllegalArgumentException if {@code after} is not a cursor this store produced
     */
    DocumentPage list(int limit, Optional<String> after);

    /**
     * Sets the title of an existing document (any text; {@code ""} for none); completes with
     * whether the document exists. Titles are not ops and not queued with the writes above: the
     * title is written once every write whose future completed before the call is in the store,
     * and is durable when the future completes (decision 027).
     */
    CompletableFuture<Boolean> setTitle(String docId, String title);

    /**
     * Names version {@code version} of an existing document, replacing an earlier name of it, or
     * removes its name when {@code name} is empty; completes with whether the document exists.
     * Written like {@link #setTitle}. Deleting the document deletes its names.
     */
    CompletableFuture<Boolean> nameVersion(String docId, int version, String name, Instant time);

    /** The named versions of a document, oldest version first (empty if none or no document). */
    List<NamedVersion> namedVersions(String docId);

    /**
     * Whether other nodes may write to the same documents (a database shared by a cluster). Such
     * a store fails an append at a version another node committed first with a
     * {@link ConflictException}, and a live document may fall behind it: it reads the store's tail
     * when an editor joins. An embedded store is not shared.
     */
    /**
     * Where this store keeps comments (issue 17), beside the documents. A store without comment
     * tables has none: the server then keeps comments in memory ({@link MemoryCommentStore}).
     *
     * @return the comment store, the same object on every call
     */
    default Optional<CommentStore> comments() {
        return Optional.empty();
    }

    /**
     * Where this store keeps chat messages (issue 17, decision 032), beside the documents. A store
     * without a chat table has none: the server then keeps them in memory ({@link MemoryChatStore}).
     *
     * @return the chat store, the same object on every call
     */
    default Optional<ChatStore> chat() {
        return Optional.empty();
    }

    /**
     * Where this store keeps suggestions (issue 17), beside the documents. A store without
     * suggestion tables has none: the server then keeps them in memory
     * ({@link MemorySuggestionStore}).
     *
     * @return the suggestion store, the same object on every call
     */
    default Optional<SuggestionStore> suggestions() {
        return Optional.empty();
    }

    default boolean shared() {
        return false;
    }

    /**
     * Whether this store fails the appends (and drops the snapshots) of a {@link Generation} made
     * after one of its appends failed, so a live document on a shared store may keep several
     * appends in flight (decision 049); without it, a live document on a shared store waits for
     * each append before the next.
     */
    default boolean fencesGenerations() {
        return false;
    }

    /** Completes every queued write, then releases resources. */
    @Override
    void close();
}
