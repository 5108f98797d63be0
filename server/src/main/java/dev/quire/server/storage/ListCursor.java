package dev.quire.server.storage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;

/**
 * The opaque cursor of the document list ({@link DocumentStore#list}): the last entry's update
 * time (to the microsecond) and id, base64url-encoded. Every store encodes it the same way, so a
 * cursor outlives a move from one store to another.
 *
 * @param updated the update time of the last entry of the previous page
 * @param docId   its id
 */
public record ListCursor(Instant updated, String docId) {
    public ListCursor {
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(docId, "docId");
    }

    /** The cursor's text. */
    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, updated);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((micros + ":" + docId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a cursor's text.
     *
     * @throws IllegalArgumentException if {@code text} is not a cursor {@link #encode} produced
     */
    public static ListCursor decode(String text) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            long micros = Long.parseLong(s.substring(0, colon));
            return new ListCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), s.substring(colon + 1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a list cursor: " + text);
        }
    }
}
