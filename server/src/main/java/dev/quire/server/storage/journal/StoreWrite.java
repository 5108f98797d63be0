package dev.quire.server.storage.journal;

import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One write queued in a journaled store, with the future completed once it is durable. Every
 * write but {@link Flush} is recorded in the {@link Journal} before its future completes.
 */
public sealed interface StoreWrite
        permits StoreWrite.Create, StoreWrite.Append, StoreWrite.PutSnapshot, StoreWrite.Delete, StoreWrite.Flush {

    /** The future completed when the write is durable. */
    CompletableFuture<?> done();

    /** Completes the write's future with its result ({@code null} but for {@link Delete}). */
    @SuppressWarnings("unchecked")
    default void complete() {
        ((CompletableFuture<Object>) done()).complete(null);
    }

    /** Fails the write's future. */
    default void fail(Throwable cause) {
        done().completeExceptionally(cause);
    }

    record Create(String docId, Instant time, CompletableFuture<Void> done) implements StoreWrite {}

    record Append(OpRecord op, int lengthAfter, CompletableFuture<Void> done) implements StoreWrite {}

    record PutSnapshot(Snapshot snapshot, Instant time, CompletableFuture<Void> done) implements StoreWrite {}

    /** {@code existed} is decided when the delete is journaled, from the journal's view of the document. */
    record Delete(String docId, CompletableFuture<Boolean> done, boolean[] existed) implements StoreWrite {
        @Override
        public void complete() {
            done.complete(existed[0]);
        }
    }

    /** Brings every lagging documents row up to date (not journaled: it changes no data). */
    record Flush(CompletableFuture<Void> done) implements StoreWrite {}
}
