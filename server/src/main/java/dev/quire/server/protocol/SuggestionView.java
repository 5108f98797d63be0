package dev.quire.server.protocol;

import dev.quire.ot.AnchoredRange;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A suggestion as clients see it, its range moved to the version of the message carrying it.
 *
 * @param id the suggestion's id in the document
 * @param author the author's display name
 * @param owner an opaque hash naming who may edit it (compare with {@code you})
 * @param text the proposed replacement of the range, plain text (empty: a proposed deletion)
 * @param created when it was first made
 * @param edited when its range or text last changed (a merged keystroke, an edit), if ever
 * @param status {@code open}, {@code accepted} or {@code rejected}
 * @param decided when it was accepted or rejected, if it was
 * @param decidedBy the display name of who accepted or rejected it, if anyone did
 * @param acceptedIn the version the acceptance's op produced (empty when nothing had to change)
 * @param range the range it replaces now; collapsed when that text was deleted
 */
public record SuggestionView(
        long id,
        String author,
        String owner,
        String text,
        Instant created,
        Optional<Instant> edited,
        String status,
        Optional<Instant> decided,
        Optional<String> decidedBy,
        java.util.OptionalInt acceptedIn,
        AnchoredRange range) {
    public SuggestionView {
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(edited, "edited");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(decided, "decided");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(acceptedIn, "acceptedIn");
        Objects.requireNonNull(range, "range");
    }
}
