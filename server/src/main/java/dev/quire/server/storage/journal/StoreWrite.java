package dev.quire.server.storage.journal;

import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One write queued in a journaled store, with the future completed once it is durable. Every
 * write but {@link Flush} is recorded in the {@link Journal} before its future completes.
 */
public sealed interface StoreWrite permits StoreWrite.WithoutResult, StoreWrite.Delete {

    /** The future completed when the write is durable. */
    CompletableFuture<?> done();

    /** Fails the write's future. */
    default void fail(Throwable cause) {
        done().completeExceptionally(cause);
    }

    /** A write whose future completes without a value: every write but {@link Delete}. */
    sealed interface WithoutResult extends StoreWrite permits Create, Append, PutSnapshot, Flush {
        @Override
        CompletableFuture<Void> done();

        /** Completes the write's future. */
        default void complete() {
            done().complete(null);
        }
    }

    /** Creates the document at version 0 unless it exists. */
    record Create(String docId, Instant time, CompletableFuture<Void> done) implements WithoutResult {}

    /** Appends one op ({@code time} already truncated to microseconds) and sets the document's length. */
    record Append(OpRecord op, int lengthAfter, CompletableFuture<Void> done) implements WithoutResult {}

    /** Stores a snapshot unless one of the same (doc, version) is stored; {@code time} is when it was saved. */
    record PutSnapshot(Snapshot snapshot, Instant time, CompletableFuture<Void> done) implements WithoutResult {}

    /**
     * Its future completes with whether the document existed, which the journal writer decides
     * when it journals the delete, from its view of the document.
     */
    record Delete(String docId, CompletableFuture<Boolean> done) implements StoreWrite {}

    /** Brings every lagging documents row up to date (not journaled: it changes no data). */
    record Flush(CompletableFuture<Void> done) implements WithoutResult {}
}
