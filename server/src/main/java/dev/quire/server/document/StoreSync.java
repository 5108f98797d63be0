package dev.quire.server.document;

import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.ConflictException;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.StoredDocument;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a live document in step with its store when they part: after a fault it drops what was
 * not durable and tells its authors; after a conflict with another node it catches up and submits
 * the lost ops again; on a shared store it reads what other nodes committed. Works on its
 * {@link OpPipeline}.
 *
 * <p>Runs in the document's mailbox.
 */
final class StoreSync {
    private static final Logger log = LoggerFactory.getLogger(OpPipeline.class);

    private final String docId;
    private final DocumentStore store;
    private final Roster roster;
    private final OpPipeline pipeline;
    private final DocumentMeters meters;
    /** Another node committed ops this node has not read, heard of while ops of its own were in flight. */
    private boolean behind;

    StoreSync(String docId, DocumentStore store, Roster roster, OpPipeline pipeline, DocumentMeters meters) {
        this.docId = docId;
        this.meters = meters;
        this.store = store;
        this.roster = roster;
        this.pipeline = pipeline;
    }

    /**
     * The store failed to make an op durable: everything applied after the last durable version
     * is discarded (the store refuses later ops of this document too), the editors who sent
     * those ops and those waiting for their join get {@code internal} ({@code storage-unavailable}
     * when the store is out of reach for now), and the document goes back to what is durable: in
     * memory on a shared store, else reloaded — now, or on its next use if the store cannot be
     * read now.
     */
    void failAfterStoreFault(Origins.Entry entry, Throwable fault) {
        ServerMessage.Error internal = StoreFaultReply.of(docId, entry.version(), fault);
        for (Origins.Entry lost : pipeline.notDurable()) {
            if (lost.origin() instanceof Origin.Session s) {
                roster.send(s.clientId(), internal);
            }
        }
        pipeline.abandon(fault);
        // A shared store goes back in memory: a database out of reach could not be read either,
        // and an op whose commit's outcome is unknown is found by its seq when it is resent.
        if (!pipeline.rewind()) {
            try {
                pipeline.reset(store.load(docId));
            } catch (StorageException e) {
                // Nor can the store be read now (H2 reopening its database, decision 031): the
                // document reloads on its next use instead.
                pipeline.markStale();
            }
        }
        roster.dropPendingJoins(internal);
    }

    /**
     * Another node committed the version of an op in flight first (a shared store): the ops in
     * flight are abandoned, the document goes back to its last durable version in memory
     * ({@link OpPipeline#rewind}), applies the ops that won — carried by the conflict, read in the
     * transaction that refused the op, or else read from the store from that version on — sends
     * them to its editors, answers the joins that waited for a version given up at the version
     * reached ({@link Roster#rewound}), and submits each lost op of an editor again, so transformed past them,
     * exactly as if it had arrived after them (ShareDB's submit request). Only when the history in
     * memory no longer reaches the last durable version does the document reload from the store.
     * A lost op from a script (its caller gets {@code retry-later}, REST 503), and past {@link
     * ConflictRetries#MAX_RETRIES} conflicts in a row every lost op, is not submitted again; an
     * editor is sent {@code retry-later} with a delay, after which it sends the op again with the
     * same seq.
     */
    void retryAfterConflict(ConflictException conflict, ConflictRetries retries) {
        List<Submission> lost = retries.conflicted();
        boolean again = !retries.exhausted();
        log.debug(
                "{} version {} was committed by another node; {} {} op(s) that were in flight",
                docId,
                conflict.version(),
                again ? "submitting again" : "answering retry-later to",
                lost.size());
        String message = "another node committed to " + docId + " first; send the op again";
        pipeline.abandon(new ProtocolException(ErrorCode.RETRY_LATER, message, Optional.of(docId), Optional.empty()));
        int before = pipeline.published();
        if (pipeline.rewind()) {
            for (OpRecord r : winners(conflict, before)) {
                // Dedupe by version: an op heard on the bus or read already is not applied twice.
                if (r.version() == pipeline.version() + 1) {
                    pipeline.applyCommitted(r);
                }
            }
            meters.conflict(DocumentMeters.ConflictOutcome.TRANSFORMED);
        } else {
            reload(lost, before);
            meters.conflict(DocumentMeters.ConflictOutcome.RELOADED);
        }
        // Nothing in flight now: the joins that waited for a version given up are answered here.
        roster.rewound(pipeline.version());
        pipeline.announce(before);
        for (Submission s : lost) {
            if (s.origin() instanceof Origin.Session session) {
                submitAgain(s, session, before, again, message);
            }
        }
        drained();
    }

    /** The committed ops after {@code published}: the conflict's own when they start there, else read from the store. */
    private List<OpRecord> winners(ConflictException conflict, int published) {
        List<OpRecord> carried = conflict.winners();
        if (!carried.isEmpty()
                && carried.get(0).version() == published + 1
                && carried.get(carried.size() - 1).version() >= conflict.version()) {
            return carried;
        }
        return store.ops(docId, published + 1, Integer.MAX_VALUE);
    }

    /** Reloads from the newest snapshot old enough for every lost op's base version, and every op after it. */
    private void reload(List<Submission> lost, int published) {
        int from = Math.min(
                published, lost.stream().mapToInt(Submission::baseVersion).min().orElse(published));
        Snapshot base = store.snapshotAtOrBefore(docId, from).orElse(new Snapshot(docId, 0, ""));
        List<OpRecord> ops = store.ops(docId, base.version() + 1, Integer.MAX_VALUE);
        boolean whole = ops.isEmpty() || ops.get(0).version() == base.version() + 1;
        // A log compacted past that snapshot (decision 029): the newest snapshot and the ops after it.
        pipeline.reset(whole ? Optional.of(new StoredDocument(base, ops)) : store.load(docId));
    }

    private void submitAgain(Submission s, Origin.Session session, int before, boolean again, String message) {
        if (pipeline.durableAfter(session, before)) {
            // Among the winners (a resend committed through another node): announcing them
            // already acknowledged it to the editors of its session.
            return;
        }
        if (!again) {
            roster.send(
                    session.clientId(),
                    new ServerMessage.Error(
                            ErrorCode.RETRY_LATER,
                            message,
                            Optional.of(docId),
                            Optional.of(session.seq()),
                            OptionalLong.of(ConflictRetries.RETRY_AFTER_MS)));
            return;
        }
        try {
            pipeline.submit(s);
        } catch (ProtocolException e) {
            roster.send(session.clientId(), e.toMessage());
        }
    }

    /**
     * Reads what other nodes committed after the document's version and sends it to the editors
     * (a shared store: a join or a resend found the document behind). Does nothing while ops are
     * in flight: their conflict brings the document up to date.
     */
    void catchUp() {
        if (!store.shared() || !pipeline.idle()) {
            return;
        }
        int before = pipeline.published();
        for (OpRecord r : store.ops(docId, pipeline.version() + 1, Integer.MAX_VALUE)) {
            pipeline.applyCommitted(r);
        }
        pipeline.announce(before);
    }

    /**
     * Another node committed {@code r} (heard on the bus). The next version is applied at once and
     * sent to the editors; a later one (messages were lost) makes the document read the gap from
     * the store first, so nothing is delivered out of order. While this node has ops in flight it
     * waits: they either conflict with it (and the retry reads it) or commit, and then
     * {@link #drained} reads it. An op at a version this node has is its own, or read already.
     */
    void heard(OpRecord r) {
        if (r.version() <= pipeline.version()) {
            return;
        }
        if (!pipeline.idle()) {
            behind = true;
            return;
        }
        if (r.version() == pipeline.version() + 1) {
            int before = pipeline.published();
            pipeline.applyCommitted(r);
            pipeline.announce(before);
        } else {
            catchUp();
        }
    }

    /** The bus may have lost messages (a new or renewed subscription): the store is read as soon as nothing is in flight. */
    void mayBeBehind() {
        behind = true;
        drained();
    }

    /** Nothing is in flight any more: reads what other nodes committed meanwhile, if something was heard of. */
    void drained() {
        if (behind && pipeline.idle()) {
            behind = false;
            catchUp();
        }
    }
}
