package dev.quire.server.storage;

import java.util.Objects;

/**
 * The full text of a document at a version, and who wrote it.
 *
 * @param docId      the document
 * @param version    the version the text is at
 * @param content    the text
 * @param authorship who inserted each span of the text, in {@link AuthorshipText}'s form; {@code ""}
 *     when not recorded (a snapshot from before issue 17's authorship: all of it by an unknown
 *     author)
 */
public record Snapshot(String docId, int version, String content, String authorship) {
    public Snapshot {
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(authorship, "authorship");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, was " + version);
        }
    }

    /** A snapshot without recorded authorship. */
    public Snapshot(String docId, int version, String content) {
        this(docId, version, content, "");
    }
}
