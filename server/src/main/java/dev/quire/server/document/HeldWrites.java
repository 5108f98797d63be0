package dev.quire.server.document;

import dev.quire.server.storage.DocumentStore;
import java.util.ArrayDeque;

/**
 * The writes of one live document to its store, in order. On a store other nodes share that does
 * not fence generations, one append of the document is in flight at a time and what follows it
 * waits here: an op applied on top of an append that another node's commit refuses must never
 * reach the store, and only the document's mailbox learns of the refusal, after the store reported
 * it — a later append queued in between would commit on top of a version the document does not
 * have (a fork; decision 022, point 7). A store that fences generations (PostgreSQL) refuses such
 * an append itself, as part of the failed append's {@link dev.quire.server.storage.Generation}
 * (decision 049), and a store of its own has no other node to refuse anything: there, writes go
 * at once (the pipeline of decisions 006–008).
 *
 * <p>Runs in the document's mailbox.
 */
final class HeldWrites {
    /** Whether appends wait for the one in flight. */
    private final boolean oneAtATime;

    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private boolean appendInFlight;

    HeldWrites(DocumentStore store) {
        this.oneAtATime = store.shared() && !store.fencesGenerations();
    }

    /** Queues an append; it runs now unless appends go one at a time and one of this document is in flight. */
    void append(Runnable write) {
        add(new Held(true, write));
    }

    /** Queues a write that is not an append (a snapshot), behind the appends queued before it. */
    void other(Runnable write) {
        add(new Held(false, write));
    }

    private void add(Held w) {
        if (!oneAtATime) {
            w.write().run();
            return;
        }
        held.add(w);
        runHeld();
    }

    /** The append in flight completed and was durable: the writes waiting behind it go. */
    void appendDurable() {
        appendInFlight = false;
        runHeld();
    }

    /** Forgets the writes waiting (made on top of an append that will never be durable). */
    void clear() {
        held.clear();
        appendInFlight = false;
    }

    private void runHeld() {
        while (!appendInFlight && !held.isEmpty()) {
            Held w = held.removeFirst();
            appendInFlight = w.isAppend();
            w.write().run();
        }
    }

    private record Held(boolean isAppend, Runnable write) {}
}
