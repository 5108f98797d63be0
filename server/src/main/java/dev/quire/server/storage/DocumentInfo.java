package dev.quire.server.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * What the document list shows of a document.
 *
 * @param id      the document id
 * @param version its current durable version
 * @param length  its length in UTF-16 code units at that version
 * @param updated when it last changed (creation time for a document without ops)
 */
public record DocumentInfo(String id, int version, int length, Instant updated) {
    public DocumentInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(updated, "updated");
    }
}
