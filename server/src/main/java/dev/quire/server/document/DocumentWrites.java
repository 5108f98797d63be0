package dev.quire.server.document;

import dev.quire.ot.TextOperation;
import dev.quire.server.storage.ConflictException;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.Generation;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The writes of one live document on their way to the store: the appends in flight (on a shared
 * store also kept as submitted, in {@link ConflictRetries}, to be submitted again after a
 * conflict), a snapshot every {@code --snapshot-every} versions, and the {@link Generation} they
 * are made in. An append's completion comes back to the document's mailbox and is handed to
 * {@link Outcomes}, unless the writes in flight were abandoned since: a new generation then makes
 * the late completion ignored here, and a store that fences generations refuses the appends made
 * on top of the abandoned ones (decision 049).
 *
 * <p>Which writes wait for which is {@link HeldWrites}'s; what a durable op means for the editors
 * is {@link OpPipeline}'s. Runs in the document's mailbox.
 */
final class DocumentWrites {
    /** Hears what became of each append of the current generation, in the document's mailbox. */
    interface Outcomes {
        void durable(Durable d);

        /** Another node committed the version first: {@code retries} holds the ops to submit again. */
        void conflicted(ConflictException conflict, ConflictRetries retries);

        /** The append failed otherwise: {@code cause} is the store's fault, unwrapped from its future. */
        void failed(Origins.Entry entry, Throwable cause);
    }

    /** An op whose append is durable: its origin, its record, when it was submitted and made durable. */
    record Durable(Origins.Entry entry, OpRecord record, TextOperation op, long submitted, long at) {}

    private final DocumentStore store;
    private final SerialExecutor mailbox;
    private final HeldWrites held;
    private final ConflictRetries retries = new ConflictRetries();
    private final Outcomes outcomes;
    private final int snapshotEvery;

    /** A new one when the writes in flight are abandoned, so their late completions are ignored. */
    private Generation generation = new Generation();

    private int inFlight;
    private int lastSnapshot;

    DocumentWrites(DocumentStore store, SerialExecutor mailbox, int snapshotEvery, Outcomes outcomes) {
        this.store = store;
        this.mailbox = mailbox;
        this.snapshotEvery = snapshotEvery;
        this.outcomes = outcomes;
        this.held = new HeldWrites(store);
    }

    /** Whether no append is in flight. */
    boolean idle() {
        return inFlight == 0;
    }

    /**
     * Appends the op of {@code entry}, submitted as {@code s} at {@code submitted} (nanoseconds);
     * {@code length} is the text's length after it.
     */
    void append(Submission s, Origins.Entry entry, OpRecord record, TextOperation op, int length, long submitted) {
        inFlight++;
        if (store.shared()) {
            // Only another node can refuse it: the submission is kept to be submitted again.
            retries.applied(entry.version(), s);
        }
        Generation gen = generation;
        held.append(() -> {
            CompletableFuture<Void> durable = store.append(record, length, gen);
            // Completed on return when this very thread journaled it: the ack then runs right after the
            // current task, in this mailbox; otherwise on the pool, queued in journal (= version) order.
            durable.whenComplete((ok, fault) -> {
                long at = System.nanoTime();
                Durable d = new Durable(entry, record, op, submitted, at);
                mailbox.execute(() -> completed(gen, d, Optional.ofNullable(fault)));
            });
        });
    }

    private void completed(Generation gen, Durable d, Optional<Throwable> fault) {
        if (gen != generation) {
            return;
        }
        inFlight--;
        if (fault.isPresent()) {
            Throwable cause =
                    fault.get() instanceof CompletionException c && c.getCause() != null ? c.getCause() : fault.get();
            if (cause instanceof ConflictException conflict) {
                outcomes.conflicted(conflict, retries);
            } else {
                outcomes.failed(d.entry(), cause);
            }
            return;
        }
        held.appendDurable();
        retries.durable(d.entry().version());
        outcomes.durable(d);
    }

    /** Saves a snapshot if {@code version} is one of every {@code --snapshot-every}. */
    void snapshotIfDue(int version, Supplier<Snapshot> snapshot) {
        if (version % snapshotEvery == 0) {
            saveSnapshot(snapshot.get());
        }
    }

    /** Saves {@code snapshot} behind the appends queued before it. */
    void saveSnapshot(Snapshot snapshot) {
        Generation gen = generation;
        held.other(() -> store.saveSnapshot(snapshot, gen));
        lastSnapshot = snapshot.version();
    }

    /** Whether ops were applied since the last snapshot saved, the document being at {@code version}. */
    boolean snapshotBehind(int version) {
        return version > lastSnapshot;
    }

    /** The store holds a snapshot at {@code version} (the document was loaded from it). */
    void snapshotAt(int version) {
        lastSnapshot = version;
    }

    /** The document went back to {@code version}: a snapshot above it is no longer the text's. */
    void rewoundTo(int version) {
        lastSnapshot = Math.min(lastSnapshot, version);
    }

    /** Forgets every write in flight or waiting: their late completions are ignored. */
    void abandon() {
        held.clear();
        retries.clear();
        generation = new Generation();
        inFlight = 0;
    }
}
