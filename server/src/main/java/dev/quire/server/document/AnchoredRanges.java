package dev.quire.server.document;

import dev.quire.ot.AnchoredRange;
import dev.quire.ot.TextOperation;
import dev.quire.server.storage.Anchor;
import dev.quire.server.storage.RangeRecord;
import dev.quire.server.storage.RangeStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One live document's anchored ranges of one kind (issue 17, decision 042): its comments or its
 * suggestions, read from their {@link RangeStore} on first use, kept by id, and shown with their
 * ranges moved to a version. What a kind adds (threads, a proposed text) lives in
 * {@link Comments} and {@link Suggestions}, which keep their changes here.
 *
 * <p>Two maps: {@code byId} holds every record with the changes made so far, committed or not
 * (what the next change is checked against, and where the next id comes from); {@code shown}
 * holds them as committed (what a join, a broadcast, REST and the export show).
 *
 * <p>Anchors are stored at the version they were written at and moved forward through the op
 * history when shown, never on every op (decision 026); a moved anchor is kept in memory, so each
 * op is walked once per range.
 *
 * <p>Owned by the document's mailbox: only its tasks call these methods.
 *
 * @param <R> the stored record
 * @param <V> the record as shown, its range at a version
 */
final class AnchoredRanges<R extends RangeRecord<R>, V> {
    /** The ops between two versions of the document ({@link OpPipeline#history}). */
    interface History {
        List<TextOperation> opsBetween(int from, int to);
    }

    /** How a kind shows a record with its range (empty for a record without a range). */
    interface Views<R, V> {
        V view(R record, Optional<AnchoredRange> range);
    }

    private final String docId;
    private final RangeStore<R> store;
    private final History history;
    private final Views<R, V> views;
    private final Runnable forgotten;
    private TreeMap<Long, R> byId;
    private TreeMap<Long, R> shown;
    /** Changes kept but not committed yet: what a {@link #reread} keeps over the store's rows. */
    private final Map<Long, R> pending = new HashMap<>();

    /** @param forgotten what the kind drops with what was read ({@link #forget}) */
    AnchoredRanges(String docId, RangeStore<R> store, History history, Views<R, V> views, Runnable forgotten) {
        this.docId = docId;
        this.store = store;
        this.history = history;
        this.views = views;
        this.forgotten = forgotten;
    }

    String docId() {
        return docId;
    }

    private TreeMap<Long, R> loaded() {
        if (byId == null) {
            byId = new TreeMap<>();
            shown = new TreeMap<>();
            for (R r : store.ranges(docId)) {
                byId.put(r.id(), r);
                shown.put(r.id(), r);
            }
        }
        return byId;
    }

    /** Forgets what was read, so the next use reads the store again (after a fault or a delete). */
    void forget() {
        byId = null;
        shown = null;
        pending.clear();
        forgotten.run();
    }

    /**
     * Reads the store again (another node committed a change), keeping the changes of this node
     * that are not committed yet: the next change is still checked against them, and the next id
     * is past theirs.
     */
    void reread() {
        byId = null;
        shown = null;
        TreeMap<Long, R> all = loaded();
        all.putAll(pending);
    }

    /**
     * The id the next new record takes: one past the highest kept here, unless the store (shared
     * by several nodes) hands out a higher one (decision 050). Called once per new record, which
     * is kept at once: an id taken and not used is a gap, never a second record.
     *
     * @throws dev.quire.server.storage.StorageException if the store cannot be reached
     */
    long nextId() {
        TreeMap<Long, R> all = loaded();
        return store.nextId(docId, all.isEmpty() ? 1 : all.lastKey() + 1);
    }

    /** Record {@code id} with the changes made so far, committed or not. */
    Optional<R> kept(long id) {
        return Optional.ofNullable(loaded().get(id));
    }

    /** Every record with the changes made so far, by id. */
    Collection<R> kept() {
        return loaded().values();
    }

    /** Keeps {@code made}, a change not yet committed: the next change is checked against it. */
    R keep(R made) {
        loaded().put(made.id(), made);
        pending.put(made.id(), made);
        return made;
    }

    /** {@code made} (from {@link #keep}) is committed: from now on it is shown. */
    void committed(R made) {
        loaded();
        shown.put(made.id(), made);
        pending.remove(made.id(), made);
    }

    /** Every record, by id, with ranges at {@code version} (at most the durable version). */
    List<V> at(int version) {
        loaded();
        List<V> out = new ArrayList<>(shown.size());
        for (R r : List.copyOf(shown.values())) {
            out.add(view(r, version));
        }
        return out;
    }

    /** One record with its range at {@code version} (at most the durable version). */
    V view(R r, int version) {
        Optional<Anchor> anchor = r.anchorIfAny();
        if (anchor.isEmpty()) {
            return views.view(r, Optional.empty());
        }
        AnchoredRange moved = rangeAt(anchor.get(), version);
        R kept = loaded().get(r.id());
        if (kept != null && kept.anchorIfAny().equals(anchor) && anchor.get().version() < version) {
            // Kept in memory only: the stored row's older anchor moves to the same place.
            loaded().put(r.id(), kept.withAnchor(new Anchor(moved, version)));
        }
        return views.view(r, Optional.of(moved));
    }

    /** A record with its range as stored, at the anchor's own version. */
    V asStored(R r) {
        return views.view(r, r.anchorIfAny().map(Anchor::range));
    }

    /** {@code anchor}'s range moved to {@code version} (at most what the history reaches). */
    AnchoredRange rangeAt(Anchor anchor, int version) {
        return move(anchor.range(), anchor.version(), version);
    }

    /** {@code range} at version {@code from} moved through the ops to version {@code to}. */
    AnchoredRange move(AnchoredRange range, int from, int to) {
        AnchoredRange moved = range;
        if (to > from) {
            for (TextOperation op : history.opsBetween(from, to)) {
                moved = moved.transform(op);
            }
        }
        return moved;
    }
}
