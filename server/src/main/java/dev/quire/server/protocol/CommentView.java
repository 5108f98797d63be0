package dev.quire.server.protocol;

import dev.quire.ot.AnchoredRange;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A comment as clients see it, its range moved to the version of the message carrying it.
 *
 * @param id the comment's id in the document
 * @param thread the id of its thread's first comment ({@code == id} for that one)
 * @param author the author's display name
 * @param owner an opaque hash naming who may edit and delete it (compare with {@code you})
 * @param text plain text, never markup; empty when deleted
 * @param created when it was written
 * @param edited when it was last edited, if ever
 * @param deleted whether its author deleted it
 * @param resolved whether its thread is resolved (on a thread's first comment)
 * @param range where the thread is anchored now (a thread's first comment only); collapsed when
 *     its text was deleted
 */
public record CommentView(
        long id,
        long thread,
        String author,
        String owner,
        String text,
        Instant created,
        Optional<Instant> edited,
        boolean deleted,
        boolean resolved,
        Optional<AnchoredRange> range) {
    public CommentView {
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(edited, "edited");
        Objects.requireNonNull(range, "range");
    }
}
