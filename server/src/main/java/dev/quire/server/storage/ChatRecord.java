package dev.quire.server.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored chat message of a document (issue 17, decision 032).
 *
 * @param docId the document
 * @param id the message's id: 1, 2, 3, ... in the document, in the order they were stored; 0 for
 *     a message not stored yet ({@link ChatStore#append} gives it its id)
 * @param author the sender's display name when it was sent
 * @param color the sender's {@code #rrggbb} colour when it was sent
 * @param text the text, plain (never markup), 1 to 2,000 UTF-16 code units
 * @param time when the server received it
 */
public record ChatRecord(String docId, long id, String author, String color, String text, Instant time) {
    /** Checks the fields. */
    public ChatRecord {
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
        if (id < 0) {
            throw new IllegalArgumentException("id: expected >= 0, found " + id);
        }
    }

    /** The same message with the id the store gave it. */
    public ChatRecord withId(long newId) {
        return new ChatRecord(docId, newId, author, color, text, time);
    }
}
