package dev.quire.server.document;

import dev.quire.ot.AnchoredRange;
import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.CommentAction;
import dev.quire.server.protocol.CommentView;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.storage.Anchor;
import dev.quire.server.storage.CommentRecord;
import dev.quire.server.storage.CommentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One live document's comments (issue 17): read from the {@link CommentStore} on first use, kept
 * by id, changed by {@link CommentAction}s, and shown with their ranges moved to a version.
 *
 * <p>Owned by the document's mailbox: only its tasks call these methods. Anchors are stored at
 * the version they were written at and moved forward through the op history when shown, never
 * on every op (decision 026); a moved anchor is kept in memory, so each op is walked once per
 * thread.
 */
final class Comments {
    /** The ops between two versions of the document ({@link OpPipeline#opsBetween}). */
    interface History {
        List<TextOperation> opsBetween(int from, int to);
    }

    private final String docId;
    private final CommentStore store;
    private final History history;
    /** Every comment with the changes applied so far, committed or not: what actions are checked against. */
    private TreeMap<Long, CommentRecord> byId;
    /** Every comment as committed: what is shown (a join, a broadcast, REST, the export). */
    private TreeMap<Long, CommentRecord> shown;

    Comments(String docId, CommentStore store, History history) {
        this.docId = docId;
        this.store = store;
        this.history = history;
    }

    private TreeMap<Long, CommentRecord> loaded() {
        if (byId == null) {
            byId = new TreeMap<>();
            shown = new TreeMap<>();
            for (CommentRecord c : store.comments(docId)) {
                byId.put(c.id(), c);
                shown.put(c.id(), c);
            }
        }
        return byId;
    }

    /** Forgets what was read, so the next use reads the store again (after a fault or a delete). */
    void forget() {
        byId = null;
        shown = null;
    }

    /** The comment {@code id} as the store (or this node, since it read the store) has it. */
    Optional<CommentRecord> stored(long id) {
        return Optional.ofNullable(loaded().get(id));
    }

    /** {@code made} (from {@link #apply}) is committed: from now on it is shown. */
    void committed(CommentRecord made) {
        loaded();
        shown.put(made.id(), made);
    }

    /**
     * The comment {@code action} makes, already kept here; the caller stores it. A new thread's
     * range is moved from its version to {@code published}.
     *
     * @throws ProtocolException {@code comment-not-found}, {@code forbidden} (not one's own), or
     *     {@code invalid-range}
     */
    CommentRecord apply(CommentAction action, Commenter who, int published, int lengthAtVersion, Instant now) {
        TreeMap<Long, CommentRecord> all = loaded();
        long next = all.isEmpty() ? 1 : all.lastKey() + 1;
        CommentRecord made;
        if (action instanceof CommentAction.Create c) {
            if (c.range().end() > lengthAtVersion) {
                throw refused(
                        ErrorCode.INVALID_RANGE,
                        "range: end " + c.range().end() + " is beyond the document's length " + lengthAtVersion
                                + " at version " + c.version());
            }
            AnchoredRange at = move(c.range(), c.version(), published);
            made = new CommentRecord(
                    docId,
                    next,
                    next,
                    who.owner(),
                    who.author(),
                    c.text(),
                    now,
                    Optional.empty(),
                    false,
                    false,
                    Optional.of(new Anchor(at, published)));
        } else if (action instanceof CommentAction.Reply r) {
            thread(r.thread());
            made = new CommentRecord(
                    docId,
                    next,
                    r.thread(),
                    who.owner(),
                    who.author(),
                    r.text(),
                    now,
                    Optional.empty(),
                    false,
                    false,
                    Optional.empty());
        } else if (action instanceof CommentAction.Edit e) {
            CommentRecord c = own(e.id(), who);
            made = new CommentRecord(
                    docId,
                    c.id(),
                    c.thread(),
                    c.owner(),
                    c.author(),
                    e.text(),
                    c.created(),
                    Optional.of(now),
                    false,
                    c.resolved(),
                    c.anchor());
        } else if (action instanceof CommentAction.Delete d) {
            CommentRecord c = own(d.id(), who);
            made = new CommentRecord(
                    docId,
                    c.id(),
                    c.thread(),
                    c.owner(),
                    c.author(),
                    "",
                    c.created(),
                    Optional.of(now),
                    true,
                    c.resolved(),
                    c.anchor());
        } else if (action instanceof CommentAction.Resolve r) {
            made = resolved(thread(r.thread()), true);
        } else {
            made = resolved(thread(((CommentAction.Reopen) action).thread()), false);
        }
        all.put(made.id(), made);
        return made;
    }

    private static CommentRecord resolved(CommentRecord c, boolean resolved) {
        return new CommentRecord(
                c.docId(),
                c.id(),
                c.thread(),
                c.owner(),
                c.author(),
                c.text(),
                c.created(),
                c.edited(),
                c.deleted(),
                resolved,
                c.anchor());
    }

    private CommentRecord thread(long id) {
        CommentRecord c = loaded().get(id);
        if (c == null || !c.isThread()) {
            throw refused(ErrorCode.COMMENT_NOT_FOUND, "no thread " + id + " in document " + docId);
        }
        return c;
    }

    private CommentRecord own(long id, Commenter who) {
        CommentRecord c = loaded().get(id);
        if (c == null || c.deleted()) {
            throw refused(ErrorCode.COMMENT_NOT_FOUND, "no comment " + id + " in document " + docId);
        }
        if (!who.moderator() && !c.owner().equals(who.owner())) {
            throw refused(ErrorCode.FORBIDDEN, "comment " + id + " is not yours");
        }
        return c;
    }

    private ProtocolException refused(ErrorCode code, String message) {
        return new ProtocolException(code, message, Optional.of(docId), Optional.empty());
    }

    /** Every comment, by id, with thread ranges at {@code version} (at most the durable version). */
    List<CommentView> at(int version) {
        loaded();
        List<CommentView> out = new ArrayList<>(shown.size());
        for (CommentRecord c : List.copyOf(shown.values())) {
            out.add(view(c, version));
        }
        return out;
    }

    /** One comment with its range at {@code version} (at most the durable version). */
    CommentView view(CommentRecord c, int version) {
        Optional<AnchoredRange> range = Optional.empty();
        if (c.anchor().isPresent()) {
            Anchor a = c.anchor().get();
            AnchoredRange moved = move(a.range(), a.version(), version);
            range = Optional.of(moved);
            CommentRecord kept = loaded().get(c.id());
            if (kept != null && kept.anchor().isPresent() && kept.anchor().get().version() < version) {
                // Kept in memory only: the stored row's older anchor moves to the same place.
                loaded().put(
                                c.id(),
                                new CommentRecord(
                                        kept.docId(),
                                        kept.id(),
                                        kept.thread(),
                                        kept.owner(),
                                        kept.author(),
                                        kept.text(),
                                        kept.created(),
                                        kept.edited(),
                                        kept.deleted(),
                                        kept.resolved(),
                                        Optional.of(new Anchor(moved, version))));
            }
        }
        return new CommentView(
                c.id(),
                c.thread(),
                c.author(),
                c.owner(),
                c.text(),
                c.created(),
                c.edited(),
                c.deleted(),
                c.resolved(),
                range);
    }

    /** A comment with its range as stored, at the anchor's own version. */
    static CommentView asStored(CommentRecord c) {
        return new CommentView(
                c.id(),
                c.thread(),
                c.author(),
                c.owner(),
                c.text(),
                c.created(),
                c.edited(),
                c.deleted(),
                c.resolved(),
                c.anchor().map(Anchor::range));
    }

    private AnchoredRange move(AnchoredRange range, int from, int to) {
        AnchoredRange moved = range;
        if (to > from) {
            for (TextOperation op : history.opsBetween(from, to)) {
                moved = moved.transform(op);
            }
        }
        return moved;
    }
}
