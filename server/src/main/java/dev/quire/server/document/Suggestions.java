package dev.quire.server.document;

import dev.quire.ot.AnchoredRange;
import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.SuggestionAction;
import dev.quire.server.protocol.SuggestionView;
import dev.quire.server.storage.Anchor;
import dev.quire.server.storage.SuggestionRecord;
import dev.quire.server.storage.SuggestionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * One live document's suggestions (issue 17): read from the {@link SuggestionStore} on first
 * use, kept by id, changed by {@link SuggestionAction}s, shown with their ranges moved to a
 * version — the anchored ranges of {@link Comments}, with a proposed text instead of a thread.
 *
 * <p>Owned by the document's mailbox: only its tasks call these methods. Anchors are stored at
 * the version they were written at and moved forward through the op history when shown
 * (decision 026); a moved anchor is kept in memory, so each op is walked once per suggestion.
 */
final class Suggestions {
    private final String docId;
    private final SuggestionStore store;
    private final Comments.History history;
    /** Every suggestion with the changes applied so far, committed or not: what actions are checked against. */
    private TreeMap<Long, SuggestionRecord> byId;
    /** Every suggestion as committed: what is shown. */
    private TreeMap<Long, SuggestionRecord> shown;
    /** Per owner, the suggestion their next adjacent keystroke merges into (their last {@code suggest}). */
    private final Map<String, Long> lastByOwner = new HashMap<>();

    Suggestions(String docId, SuggestionStore store, Comments.History history) {
        this.docId = docId;
        this.store = store;
        this.history = history;
    }

    private TreeMap<Long, SuggestionRecord> loaded() {
        if (byId == null) {
            byId = new TreeMap<>();
            shown = new TreeMap<>();
            for (SuggestionRecord s : store.suggestions(docId)) {
                byId.put(s.id(), s);
                shown.put(s.id(), s);
            }
        }
        return byId;
    }

    /** Forgets what was read, so the next use reads the store again (after a fault or a delete). */
    void forget() {
        byId = null;
        shown = null;
        lastByOwner.clear();
    }

    /** {@code made} is committed: from now on it is shown. */
    void committed(SuggestionRecord made) {
        loaded();
        shown.put(made.id(), made);
    }

    /**
     * The suggestion a {@code suggest} makes, already kept here; the caller stores it. When the
     * range touches the author's last suggestion, still open — it starts where that one ends, or
     * ends where it starts — the two merge into one (consecutive keystrokes, backspaces and
     * forward deletes become one suggestion); otherwise it is a new one. Ranges are compared at
     * {@code published}.
     *
     * @throws ProtocolException {@code invalid-range}
     */
    SuggestionRecord suggest(
            SuggestionAction.Suggest s, Commenter who, int published, int lengthAtVersion, Instant now) {
        if (s.range().end() > lengthAtVersion) {
            throw refused(
                    ErrorCode.INVALID_RANGE,
                    "range: end " + s.range().end() + " is beyond the document's length " + lengthAtVersion
                            + " at version " + s.version());
        }
        TreeMap<Long, SuggestionRecord> all = loaded();
        AnchoredRange at = move(s.range(), s.version(), published);
        Long lastId = lastByOwner.get(who.owner());
        SuggestionRecord last = lastId == null ? null : all.get(lastId);
        SuggestionRecord made = null;
        if (last != null && last.isOpen()) {
            AnchoredRange cur = rangeAt(last, published);
            if (at.start() == cur.end()) {
                made = last.changed(
                        last.text() + s.text(), new Anchor(new AnchoredRange(cur.start(), at.end()), published), now);
            } else if (at.end() == cur.start()) {
                made = last.changed(
                        s.text() + last.text(), new Anchor(new AnchoredRange(at.start(), cur.end()), published), now);
            }
        }
        if (made == null) {
            long next = all.isEmpty() ? 1 : all.lastKey() + 1;
            made = new SuggestionRecord(
                    docId,
                    next,
                    who.owner(),
                    who.author(),
                    s.text(),
                    now,
                    Optional.empty(),
                    "open",
                    Optional.empty(),
                    Optional.empty(),
                    OptionalInt.empty(),
                    new Anchor(at, published));
        } else if (made.text().length() > SuggestionAction.MAX_TEXT) {
            throw refused(ErrorCode.INVALID_SUGGESTION, "text: merged, over the limit of " + SuggestionAction.MAX_TEXT);
        }
        all.put(made.id(), made);
        lastByOwner.put(who.owner(), made.id());
        return made;
    }

    /**
     * Replaces the text of one's own open suggestion.
     *
     * @throws ProtocolException {@code suggestion-not-found} (also another's), {@code suggestion-decided}
     */
    SuggestionRecord edit(SuggestionAction.Edit e, Commenter who, int published, Instant now) {
        SuggestionRecord s = open(e.id());
        if (!who.moderator() && !s.owner().equals(who.owner())) {
            throw refused(ErrorCode.SUGGESTION_NOT_FOUND, "suggestion " + e.id() + " is not yours");
        }
        if (e.text().isEmpty() && rangeAt(s, published).isCollapsed()) {
            throw refused(ErrorCode.INVALID_SUGGESTION, "edit: an empty text on an empty range changes nothing");
        }
        SuggestionRecord made = s.changed(e.text(), s.anchor(), now);
        loaded().put(made.id(), made);
        return made;
    }

    /**
     * The open suggestion {@code id}.
     *
     * @throws ProtocolException {@code suggestion-not-found}, or {@code suggestion-decided} when it
     *     was accepted or rejected already
     */
    SuggestionRecord open(long id) {
        SuggestionRecord s = loaded().get(id);
        if (s == null) {
            throw refused(ErrorCode.SUGGESTION_NOT_FOUND, "no suggestion " + id + " in document " + docId);
        }
        if (!s.isOpen()) {
            throw refused(ErrorCode.SUGGESTION_DECIDED, "suggestion " + id + " was " + s.status() + " already");
        }
        return s;
    }

    /** Every open suggestion, oldest first. */
    List<SuggestionRecord> open() {
        List<SuggestionRecord> out = new ArrayList<>();
        for (SuggestionRecord s : loaded().values()) {
            if (s.isOpen()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Keeps {@code decided} (from {@link SuggestionRecord#decided}); the caller stores it. */
    SuggestionRecord decide(SuggestionRecord decided) {
        loaded().put(decided.id(), decided);
        return decided;
    }

    /** A suggestion's range at {@code version} (at most what {@link Comments.History} can reach). */
    AnchoredRange rangeAt(SuggestionRecord s, int version) {
        return move(s.anchor().range(), s.anchor().version(), version);
    }

    /** Every suggestion, by id, with ranges at {@code version} (at most the durable version). */
    List<SuggestionView> at(int version) {
        loaded();
        List<SuggestionView> out = new ArrayList<>(shown.size());
        for (SuggestionRecord s : List.copyOf(shown.values())) {
            out.add(view(s, version));
        }
        return out;
    }

    /** One suggestion with its range at {@code version} (at most the durable version). */
    SuggestionView view(SuggestionRecord s, int version) {
        AnchoredRange moved = rangeAt(s, version);
        SuggestionRecord kept = loaded().get(s.id());
        if (kept != null && kept.anchor().equals(s.anchor()) && s.anchor().version() < version) {
            // Kept in memory only: the stored row's older anchor moves to the same place.
            loaded().put(s.id(), kept.withAnchor(new Anchor(moved, version)));
        }
        return view(s, moved);
    }

    /** A suggestion with its range as stored, at the anchor's own version. */
    static SuggestionView asStored(SuggestionRecord s) {
        return view(s, s.anchor().range());
    }

    private static SuggestionView view(SuggestionRecord s, AnchoredRange range) {
        return new SuggestionView(
                s.id(),
                s.author(),
                s.owner(),
                s.text(),
                s.created(),
                s.edited(),
                s.status(),
                s.decided(),
                s.decidedBy(),
                s.acceptedIn(),
                range);
    }

    private ProtocolException refused(ErrorCode code, String message) {
        return new ProtocolException(code, message, Optional.of(docId), Optional.empty());
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
