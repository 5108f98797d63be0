package dev.quire.server.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * What the document list shows of a document.
 *
 * @param docId   the document id
 * @param version its current durable version
 * @param length  its length in UTF-16 code units at that version
 * @param updated when it last changed (creation time for a document without ops)
 * @param title   the title people gave it, {@code ""} if none (see {@link DocumentStore#setTitle})
 */
public record DocumentInfo(String docId, int version, int length, Instant updated, String title) {
    public DocumentInfo {
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(title, "title");
    }

    /** A document without a title. */
    public DocumentInfo(String docId, int version, int length, Instant updated) {
        this(docId, version, length, updated, "");
    }
}
