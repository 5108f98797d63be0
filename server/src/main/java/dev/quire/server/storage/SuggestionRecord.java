package dev.quire.server.storage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One stored suggestion (issue 17): a proposed replacement of an anchored range of the document.
 *
 * @param docId the document
 * @param id the suggestion's id, unique in the document, &gt;= 1
 * @param owner who may edit it: an opaque hash of the user or session
 * @param author the author's display name when made
 * @param text the proposed replacement, plain text; empty for a proposed deletion
 * @param created when it was made
 * @param edited when its range or text last changed, if ever
 * @param status {@code open}, {@code accepted} or {@code rejected}
 * @param decided when it was accepted or rejected
 * @param decidedBy who accepted or rejected it (a display name)
 * @param acceptedIn the version the acceptance's op produced, when one was applied
 * @param anchor the range it replaces, at a version
 */
public record SuggestionRecord(
        String docId,
        long id,
        String owner,
        String author,
        String text,
        Instant created,
        Optional<Instant> edited,
        String status,
        Optional<Instant> decided,
        Optional<String> decidedBy,
        OptionalInt acceptedIn,
        Anchor anchor)
        implements RangeRecord<SuggestionRecord> {
    /** The states of a suggestion, as stored and on the wire. */
    public static final List<String> STATUSES = List.of("open", "accepted", "rejected");

    /** Checks the fields. */
    public SuggestionRecord {
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(edited, "edited");
        Objects.requireNonNull(decided, "decided");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(acceptedIn, "acceptedIn");
        Objects.requireNonNull(anchor, "anchor");
        if (id < 1) {
            throw new IllegalArgumentException("id: expected >= 1, found " + id);
        }
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status: expected open, accepted or rejected, found " + status);
        }
        if (status.equals("open") == decided.isPresent()) {
            throw new IllegalArgumentException("decided: expected exactly on a decided suggestion (" + status + ")");
        }
    }

    /** Whether it is still waiting for a decision. */
    public boolean isOpen() {
        return status.equals("open");
    }

    @Override
    public Optional<Anchor> anchorIfAny() {
        return Optional.of(anchor);
    }

    /** The same suggestion with another anchor (moved, or grown by a merged keystroke). */
    @Override
    public SuggestionRecord withAnchor(Anchor moved) {
        return new SuggestionRecord(
                docId, id, owner, author, text, created, edited, status, decided, decidedBy, acceptedIn, moved);
    }

    /** The same suggestion with a new text and range, changed at {@code now}. */
    public SuggestionRecord changed(String newText, Anchor newAnchor, Instant now) {
        return new SuggestionRecord(
                docId,
                id,
                owner,
                author,
                newText,
                created,
                Optional.of(now),
                status,
                decided,
                decidedBy,
                acceptedIn,
                newAnchor);
    }

    /** The same suggestion decided ({@code accepted} or {@code rejected}) by {@code by} at {@code now}. */
    public SuggestionRecord decided(String newStatus, String by, Instant now, OptionalInt in, Anchor at) {
        return new SuggestionRecord(
                docId, id, owner, author, text, created, edited, newStatus, Optional.of(now), Optional.of(by), in, at);
    }
}
