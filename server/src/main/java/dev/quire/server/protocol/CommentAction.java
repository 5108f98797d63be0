package dev.quire.server.protocol;

import dev.quire.ot.AnchoredRange;
import java.util.Objects;

/**
 * One change to a document's comments, from a {@code comment} message or {@code POST
 * /api/docs/{id}/comments}. {@code create} starts a thread on a range; {@code reply} adds to a
 * thread; {@code edit} and {@code delete} change one's own comment; {@code resolve} and
 * {@code reopen} change a thread's state (they need {@code write}; the others {@code comment}).
 */
public sealed interface CommentAction {
    /** The longest comment text, in UTF-16 code units. */
    int MAX_TEXT = 10_000;

    /** The action's name on the wire. */
    String wire();

    /** Starts a thread on {@code range} of the document at {@code version}. */
    record Create(int version, AnchoredRange range, String text) implements CommentAction {
        public Create {
            Objects.requireNonNull(range, "range");
            text = checkText(text);
        }

        @Override
        public String wire() {
            return "create";
        }
    }

    /** Adds a comment to thread {@code thread}. */
    record Reply(long thread, String text) implements CommentAction {
        public Reply {
            text = checkText(text);
        }

        @Override
        public String wire() {
            return "reply";
        }
    }

    /** Replaces the text of one's own comment {@code id}. */
    record Edit(long id, String text) implements CommentAction {
        public Edit {
            text = checkText(text);
        }

        @Override
        public String wire() {
            return "edit";
        }
    }

    /** Deletes one's own comment {@code id}; it is kept empty, marked deleted, so its thread stays whole. */
    record Delete(long id) implements CommentAction {
        @Override
        public String wire() {
            return "delete";
        }
    }

    /** Marks thread {@code thread} resolved. */
    record Resolve(long thread) implements CommentAction {
        @Override
        public String wire() {
            return "resolve";
        }
    }

    /** Marks thread {@code thread} open again. */
    record Reopen(long thread) implements CommentAction {
        @Override
        public String wire() {
            return "reopen";
        }
    }

    /** Whether the action changes a thread's state, which needs {@code write}. */
    default boolean changesThreadState() {
        return this instanceof Resolve || this instanceof Reopen;
    }

    private static String checkText(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new ProtocolException(ErrorCode.INVALID_COMMENT, "text: expected a non-empty comment");
        }
        if (text.length() > MAX_TEXT) {
            throw new ProtocolException(
                    ErrorCode.INVALID_COMMENT, "text: " + text.length() + " characters, over the limit of " + MAX_TEXT);
        }
        return text;
    }
}
