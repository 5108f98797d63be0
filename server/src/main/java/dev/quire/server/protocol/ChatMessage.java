package dev.quire.server.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * One chat message of a document as clients see it (issue 17, decision 032): in {@code chat} and
 * {@code chat-history} messages, the REST API and the export. The text is plain: clients show it
 * as text, never as markup.
 *
 * @param id 1, 2, 3, ... in the document, in the order the server stored them
 * @param author the sender's display name (from presence) when it was sent
 * @param color the sender's {@code #rrggbb} colour when it was sent
 * @param text 1 to {@link #MAX_LENGTH} UTF-16 code units, not blank
 * @param time when the server received it
 */
public record ChatMessage(long id, String author, String color, String text, Instant time) {
    /** The longest text, in UTF-16 code units (longer: {@code chat-too-long}). */
    public static final int MAX_LENGTH = 2_000;
    /** The most messages of one page ({@code chat-history}, REST), and of the page after a join. */
    public static final int PAGE = 100;

    public ChatMessage {
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
    }
}
