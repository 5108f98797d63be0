package dev.quire.server.storage;

import java.util.Objects;

/**
 * The full text of a document at a version.
 *
 * @param docId   the document
 * @param version the version the text is at
 * @param content the text
 */
public record Snapshot(String docId, int version, String content) {
    public Snapshot {
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(content, "content");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, was " + version);
        }
    }
}
