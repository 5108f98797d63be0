package dev.quire.server.document;

import dev.quire.ot.AnchoredRange;
import dev.quire.server.protocol.CommentAction;
import dev.quire.server.protocol.CommentView;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.storage.Anchor;
import dev.quire.server.storage.CommentRecord;
import dev.quire.server.storage.CommentStore;
import java.time.Instant;
import java.util.Optional;

/**
 * One live document's comments (issue 17): its {@link AnchoredRanges} of {@link CommentRecord}s,
 * changed by {@link CommentAction}s. What is a comment's own lives here: threads (a first comment
 * with a range, replies without), edit and delete of one's own, resolve and reopen.
 *
 * <p>Owned by the document's mailbox: only its tasks call these methods.
 */
final class Comments {
    private final String docId;
    private final AnchoredRanges<CommentRecord, CommentView> ranges;

    Comments(String docId, CommentStore store, AnchoredRanges.History history) {
        this.docId = docId;
        this.ranges = new AnchoredRanges<>(docId, store, history, Comments::view, () -> {});
    }

    /** The comments, as kept and as shown. */
    AnchoredRanges<CommentRecord, CommentView> ranges() {
        return ranges;
    }

    /**
     * The comment {@code action} makes, already kept; the caller stores it. A new thread's
     * range is moved from its version to {@code published}.
     *
     * @throws ProtocolException {@code comment-not-found}, {@code forbidden} (not one's own), or
     *     {@code invalid-range}
     */
    CommentRecord apply(CommentAction action, Commenter who, int published, int lengthAtVersion, Instant now) {
        CommentRecord made;
        if (action instanceof CommentAction.Create c) {
            if (c.range().end() > lengthAtVersion) {
                throw refused(
                        ErrorCode.INVALID_RANGE,
                        "range: end " + c.range().end() + " is beyond the document's length " + lengthAtVersion
                                + " at version " + c.version());
            }
            AnchoredRange at = ranges.move(c.range(), c.version(), published);
            long next = ranges.nextId();
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
            long next = ranges.nextId();
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
            made = own(e.id(), who).rewritten(e.text(), false, now);
        } else if (action instanceof CommentAction.Delete d) {
            made = own(d.id(), who).rewritten("", true, now);
        } else if (action instanceof CommentAction.Resolve r) {
            made = thread(r.thread()).withResolved(true);
        } else {
            made = thread(((CommentAction.Reopen) action).thread()).withResolved(false);
        }
        return ranges.keep(made);
    }

    private CommentRecord thread(long id) {
        return ranges.kept(id)
                .filter(CommentRecord::isThread)
                .orElseThrow(() -> refused(ErrorCode.COMMENT_NOT_FOUND, "no thread " + id + " in document " + docId));
    }

    private CommentRecord own(long id, Commenter who) {
        CommentRecord c = ranges.kept(id)
                .filter(k -> !k.deleted())
                .orElseThrow(() -> refused(ErrorCode.COMMENT_NOT_FOUND, "no comment " + id + " in document " + docId));
        if (!who.moderator() && !c.owner().equals(who.owner())) {
            throw refused(ErrorCode.FORBIDDEN, "comment " + id + " is not yours");
        }
        return c;
    }

    private ProtocolException refused(ErrorCode code, String message) {
        return new ProtocolException(code, message, Optional.of(docId), Optional.empty());
    }

    private static CommentView view(CommentRecord c, Optional<AnchoredRange> range) {
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
}
