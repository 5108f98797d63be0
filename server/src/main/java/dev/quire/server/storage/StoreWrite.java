package dev.quire.server.storage;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One write queued in {@link H2DocumentStore}, with the future completed once it is durable.
 * Every write but {@link Flush} is recorded in the {@link Journal} before its future completes.
 */
sealed interface StoreWrite permits StoreWrite.Create, StoreWrite.Append, StoreWrite.PutSnapshot,
        StoreWrite.Delete, StoreWrite.Flush {

    /** Completes the write's future with its result. */
    void complete();

    /** Fails the write's future. */
    void fail(Throwable cause);

    record Create(String docId, Instant time, CompletableFuture<Void> done) implements StoreWrite {
        @Override
        public void complete() {
            done.complete(null);
        }

        @Override
        public void fail(Throwable cause) {
            done.completeExceptionally(cause);
        }
    }

    record Append(OpRecord op, int lengthAfter, CompletableFuture<Void> done) implements StoreWrite {
        @Override
        public void complete() {
            done.complete(null);
        }

        @Override
        public void fail(Throwable cause) {
            done.completeExceptionally(cause);
        }
    }

    record PutSnapshot(Snapshot snapshot, Instant time, CompletableFuture<Void> done) implements StoreWrite {
        @Override
        public void complete() {
            done.complete(null);
        }

        @Override
        public void fail(Throwable cause) {
            done.completeExceptionally(cause);
        }
    }

    /** {@code existed} is decided when the delete is journaled, from the journal's view of the document. */
    record Delete(String docId, CompletableFuture<Boolean> done, boolean[] existed) implements StoreWrite {
        @Override
        public void complete() {
            done.complete(existed[0]);
        }

        @Override
        public void fail(Throwable cause) {
            done.completeExceptionally(cause);
        }
    }

    /** Brings every lagging documents row up to date (not journaled: it changes no data). */
    record Flush(CompletableFuture<Void> done) implements StoreWrite {
        @Override
        public void complete() {
            done.complete(null);
        }

        @Override
        public void fail(Throwable cause) {
            done.completeExceptionally(cause);
        }
    }
}
