package dev.quire.server.storage;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored comment (issue 17). A thread is its first comment ({@code thread == id}, with an
 * {@link Anchor}) and its replies ({@code thread} = the first comment's id, no anchor). A deleted
 * comment is kept with empty text so its thread stays whole; {@code resolved} is meaningful on a
 * thread's first comment only.
 *
 * @param docId the document
 * @param id the comment's id, unique in the document, &gt;= 1
 * @param thread the id of the thread's first comment
 * @param owner who may edit and delete it: an opaque hash of the user or session
 * @param author the author's display name when written
 * @param text the text, plain (never markup); empty when deleted
 * @param created when it was written
 * @param edited when it was last edited, if ever
 * @param deleted whether its author deleted it
 * @param resolved whether the thread is resolved
 * @param anchor where the thread is anchored; empty for a reply
 */
public record CommentRecord(
        String docId,
        long id,
        long thread,
        String owner,
        String author,
        String text,
        Instant created,
        Optional<Instant> edited,
        boolean deleted,
        boolean resolved,
        Optional<Anchor> anchor)
        implements RangeRecord<CommentRecord> {
    /** Checks the fields. */
    public CommentRecord {
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(edited, "edited");
        Objects.requireNonNull(anchor, "anchor");
        if (id < 1) {
            throw new IllegalArgumentException("id: expected >= 1, found " + id);
        }
        if ((thread == id) != anchor.isPresent()) {
            throw new IllegalArgumentException(
                    "anchor: expected on a thread's first comment only (id " + id + ", thread " + thread + ")");
        }
    }

    @Override
    public Optional<Anchor> anchorIfAny() {
        return anchor;
    }

    /** The same comment anchored at {@code moved}; a reply, which has no anchor, stays as it is. */
    @Override
    public CommentRecord withAnchor(Anchor moved) {
        if (anchor.isEmpty()) {
            return this;
        }
        return new CommentRecord(
                docId, id, thread, owner, author, text, created, edited, deleted, resolved, Optional.of(moved));
    }

    /** The same comment with its thread marked {@code resolved} or open. */
    public CommentRecord withResolved(boolean resolvedNow) {
        return new CommentRecord(docId, id, thread, owner, author, text, created, edited, deleted, resolvedNow, anchor);
    }

    /** The same comment with a new text ({@code ""} and {@code deletedNow} for a delete), changed at {@code now}. */
    public CommentRecord rewritten(String newText, boolean deletedNow, Instant now) {
        return new CommentRecord(
                docId, id, thread, owner, author, newText, created, Optional.of(now), deletedNow, resolved, anchor);
    }

    /** Whether this is a thread's first comment. */
    public boolean isThread() {
        return thread == id;
    }
}
