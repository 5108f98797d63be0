package dev.quire.server.document;

import dev.quire.ot.server.Applied;
import dev.quire.server.cluster.Bus;
import dev.quire.server.cluster.BusMessage;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.ConflictException;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.StoredDocument;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The path of an op through one live document:
 *
 * <pre>
 *   submit --exactly-once check--> transform + apply --> append to store
 *          --durable--> ack the author, broadcast to the roster (in version order)
 * </pre>
 *
 * It owns the document's text and op history ({@link LiveHistory}), the origin of each op in
 * that history ({@link Origins}), and {@code published}: the version every editor has been sent. The
 * store makes ops durable in version order (one log, FIFO), so {@code published} grows by one
 * without gaps, and nobody sees an op, or an ack, that a crash could still lose. The appends and
 * snapshots on their way to the store are {@link DocumentWrites}'s.
 *
 * <p>Runs in the document's mailbox, like everything of a live document.
 */
final class OpPipeline implements DocumentWrites.Outcomes {
    private final String docId;
    private final DocumentSettings settings;
    private final Roster roster;
    private final Origins origins = new Origins();
    private final ExactlyOnce exactlyOnce;
    private final DocumentMeters meters;
    private final Checksums checksums;
    private final DurableWaiters waiters = new DurableWaiters();
    private final StoreSync sync;
    /** Abandoned after a store fault and not reloaded yet (the store could not be read). */
    private boolean stale;

    private final Bus bus;
    private final DocumentWrites writes;
    private final LiveHistory history;

    private boolean stored;
    private int published;

    OpPipeline(
            String docId,
            DocumentStore store,
            DocumentSettings settings,
            SerialExecutor mailbox,
            Roster roster,
            DocumentMeters meters,
            Bus bus) {
        this.docId = docId;
        this.bus = bus;
        this.meters = meters;
        this.settings = settings;
        this.roster = roster;
        this.exactlyOnce = new ExactlyOnce(
                docId,
                store,
                origins,
                // On a shared store another node may have stored the document since it was loaded.
                session -> stored || store.shared() ? store.lastSeq(docId, session) : 0);
        this.history = new LiveHistory(docId, store, settings, origins);
        this.checksums = new Checksums(settings.checksumEvery());
        this.sync = new StoreSync(docId, store, roster, this, meters);
        this.writes = new DocumentWrites(store, mailbox, settings.snapshotEvery(), this);
        reset(Optional.empty());
    }

    /** Starts over from what the store holds of the document (nothing: empty at version 0). */
    void reset(Optional<StoredDocument> from) {
        stale = false;
        writes.snapshotAt(history.reset(from));
        stored = from.isPresent();
        published = history.version();
    }

    /**
     * Takes the document back to {@code published}, dropping the ops applied after it (another
     * node's commit refused them and they are abandoned): no read of the store. False, and
     * nothing changed, when the history in memory no longer reaches back that far.
     */
    boolean rewind() {
        if (!history.rewind(published)) {
            return false;
        }
        writes.rewoundTo(published);
        return true;
    }

    boolean isStored() {
        return stored;
    }

    int version() {
        return history.version();
    }

    int published() {
        return published;
    }

    boolean idle() {
        return writes.idle();
    }

    /**
     * Submits an op. A new op is applied and appended; its author is acknowledged once it is
     * durable. A resend of an op already applied is answered with that op's ack, once durable.
     *
     * @return the op as applied, or empty for a resend
     * @throws ProtocolException version-out-of-range, invalid-op, seq-reused or seq-gap; nothing changed
     */
    Optional<Applied> submit(Submission s) {
        long hash = SubmitDigest.of(s.baseVersion(), s.op());
        if (s.origin() instanceof Origin.Session session) {
            Optional<Integer> resent = exactlyOnce.check(session, s.baseVersion(), hash);
            if (resent.isPresent()) {
                int version = resent.get();
                if (version > history.version()) {
                    // Committed through another node: this one has not read it yet. Catching up
                    // sends the op to the editors, and to the editors of its session as an ack.
                    catchUp();
                    if (version <= published) {
                        return Optional.empty();
                    }
                }
                // The editor hears of an op lost in a store fault from the fault handling itself.
                whenDurable(
                        version,
                        () -> roster.send(session.clientId(), new ServerMessage.Ack(docId, session.seq(), version)));
                return Optional.empty();
            }
        }
        return Optional.of(apply(s, hash));
    }

    /** Calls the waiter once the op that produced {@code version} is durable (at once if it is). */
    void whenDurable(int version, DurableWaiters.Waiter waiter) {
        if (version <= published) {
            waiter.durable();
        } else {
            waiters.add(version, waiter);
        }
    }

    /**
     * The version that must be durable before an op based on {@code baseVersion} can be
     * transformed, when it is older than the history in memory and the ops in between are not all
     * in the op log yet (more than {@code --history-limit} ops in flight); empty nearly always.
     */
    OptionalInt mustWaitFor(int baseVersion) {
        int oldest = history.oldestVersion();
        return baseVersion < oldest && published < oldest ? OptionalInt.of(oldest) : OptionalInt.empty();
    }

    private Applied apply(Submission s, long hash) {
        Optional<Long> seq =
                s.origin() instanceof Origin.Session session ? Optional.of(session.seq()) : Optional.empty();
        TransformBudget.check(
                docId,
                settings.transformBudget(),
                history.version(),
                s,
                seq,
                () -> history.opsSince(Math.max(s.baseVersion(), history.oldestVersion())));
        long submitted = System.nanoTime();
        Applied applied = history.submit(s, seq);
        meters.transforms(applied.version() - 1 - s.baseVersion());
        Origins.Entry entry = new Origins.Entry(applied.version(), s.origin(), s.baseVersion(), hash);
        origins.add(entry);
        forgetOrigins();
        // The append creates the document row; a refused op leaves a missing document missing.
        stored = true;
        OpRecord record = Origins.record(docId, entry, applied.op().toString());
        history.applied(applied.op(), record);
        writes.append(s, entry, record, applied.op(), history.length(), submitted);
        checksums.applied(applied.version(), history::content);
        writes.snapshotIfDue(applied.version(), history::snapshot);
        return applied;
    }

    /**
     * Forgets the origins of ops ot-core no longer keeps, but never of an op not yet durable: a
     * resend of it must be recognised from memory, the store does not have it yet.
     */
    private void forgetOrigins() {
        origins.forgetThrough(Math.min(history.oldestVersion(), published));
    }

    @Override
    public void conflicted(ConflictException conflict, ConflictRetries retries) {
        sync.retryAfterConflict(conflict, retries);
    }

    @Override
    public void failed(Origins.Entry entry, Throwable cause) {
        sync.failAfterStoreFault(entry, cause);
    }

    @Override
    public void durable(DocumentWrites.Durable d) {
        Origins.Entry entry = d.entry();
        meters.committed(d.at() - d.submitted());
        published = entry.version();
        history.durable(d.op(), d.record());
        forgetOrigins();
        roster.published(entry.version(), d.op(), entry.origin(), checksums.take(entry.version()), d.at());
        waiters.durable(entry.version());
        roster.sendJoinsUpTo(published);
        if (!bus.isLocal()) {
            bus.publish(docId, new BusMessage.Committed(d.record()));
            sync.drained();
        }
    }

    StoreSync sync() {
        return sync;
    }

    /** Reads what other nodes committed after this document's version, if the store is shared ({@link StoreSync#catchUp}). */
    void catchUp() {
        sync.catchUp();
    }

    /** Applies an op another node committed at the next version; the editors hear of it at {@link #announce}. */
    void applyCommitted(OpRecord r) {
        history.committed(r);
        stored = true;
        published = r.version();
    }

    /** Whether the op of {@code origin}'s (session, seq) is durable at a version after {@code version}. */
    boolean durableAfter(Origin.Session origin, int version) {
        return origins.bySeq(origin.session(), origin.seq())
                .map(e -> e.version() > version && e.version() <= published)
                .orElse(false);
    }

    /** The origins of the ops applied after the last durable version (in flight, or lost to a fault). */
    List<Origins.Entry> notDurable() {
        return origins.after(published);
    }

    /** Sends the editors the ops after {@code before} up to {@code published}, then the joins waiting for them. */
    void announce(int before) {
        if (published > before) {
            for (Fanout.Published p : history.since(before)) {
                roster.published(p.version(), p.op(), p.origin(), p.checksum(), p.durableNanos());
            }
        }
        forgetOrigins();
        roster.sendJoinsUpTo(published);
    }

    /** What was applied is no longer durable and could not be reloaded: reload before the next use. */
    void markStale() {
        stale = true;
    }

    /** Whether {@link #markStale} was called since the last {@link #reset}. */
    boolean stale() {
        return stale;
    }

    /** Forgets every op in flight: their waiters fail with {@code cause}, late callbacks are ignored. */
    void abandon(Throwable cause) {
        writes.abandon();
        waiters.failAll(cause);
        checksums.clear();
    }

    /** Saves a snapshot of the current text if ops were applied since the last one. */
    void snapshotIfBehind() {
        if (stored && writes.snapshotBehind(history.version())) {
            writes.saveSnapshot(history.snapshot());
        }
    }

    /** The text and ops in memory, for reading (lengths, selections, ops between versions, joins). */
    LiveHistory history() {
        return history;
    }
}
