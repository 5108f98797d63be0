package dev.quire.server.document;

import dev.quire.ot.AnchoredRange;
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

/**
 * One live document's suggestions (issue 17): its {@link AnchoredRanges} of
 * {@link SuggestionRecord}s, changed by {@link SuggestionAction}s. What is a suggestion's own
 * lives here: the proposed text, the merge of an author's consecutive keystrokes, and the
 * decision (accepted or rejected).
 *
 * <p>Owned by the document's mailbox: only its tasks call these methods.
 */
final class Suggestions {
    private final String docId;
    private final AnchoredRanges<SuggestionRecord, SuggestionView> ranges;
    /** Per owner, the suggestion their next adjacent keystroke merges into (their last {@code suggest}). */
    private final Map<String, Long> lastByOwner = new HashMap<>();

    Suggestions(String docId, SuggestionStore store, AnchoredRanges.History history) {
        this.docId = docId;
        this.ranges = new AnchoredRanges<>(
                docId, store, history, (s, range) -> view(s, range.orElseThrow()), lastByOwner::clear);
    }

    /** The suggestions, as kept and as shown. */
    AnchoredRanges<SuggestionRecord, SuggestionView> ranges() {
        return ranges;
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
        AnchoredRange at = ranges.move(s.range(), s.version(), published);
        Long lastId = lastByOwner.get(who.owner());
        SuggestionRecord last = lastId == null ? null : ranges.kept(lastId).orElse(null);
        SuggestionRecord made = null;
        if (last != null && last.isOpen() && last.owner().equals(who.owner())) {
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
            long next = ranges.nextId();
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
        ranges.keep(made);
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
        return ranges.keep(s.changed(e.text(), s.anchor(), now));
    }

    /**
     * The open suggestion {@code id}.
     *
     * @throws ProtocolException {@code suggestion-not-found}, or {@code suggestion-decided} when it
     *     was accepted or rejected already
     */
    SuggestionRecord open(long id) {
        SuggestionRecord s = ranges.kept(id).orElse(null);
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
        for (SuggestionRecord s : ranges.kept()) {
            if (s.isOpen()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Keeps {@code decided} (from {@link SuggestionRecord#decided}); the caller stores it. */
    SuggestionRecord decide(SuggestionRecord decided) {
        return ranges.keep(decided);
    }

    /** A suggestion's range at {@code version} (at most what the history can reach). */
    AnchoredRange rangeAt(SuggestionRecord s, int version) {
        return ranges.rangeAt(s.anchor(), version);
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
}
