package dev.quire.server.protocol;

import dev.quire.ot.AnchoredRange;
import java.util.Objects;

/**
 * One change to a document's suggestions (issue 17), from a {@code suggestion} message.
 * {@code suggest} proposes to replace a range with a text (an edit made in suggest mode; it may
 * merge into the author's previous suggestion, see docs/collaboration.md); {@code edit} replaces
 * the proposed text of one's own open suggestion; {@code accept} and {@code reject} decide one,
 * {@code accept-all} and {@code reject-all} every open one (they need {@code write}; the others
 * {@code comment}).
 */
public sealed interface SuggestionAction {
    /** The longest proposed text, in UTF-16 code units. */
    int MAX_TEXT = 100_000;

    /** The action's name on the wire. */
    String wire();

    /** Proposes to replace {@code range} of the document at {@code version} with {@code text}. */
    record Suggest(int version, AnchoredRange range, String text) implements SuggestionAction {
        public Suggest {
            Objects.requireNonNull(range, "range");
            text = checkText(text);
            if (range.isCollapsed() && text.isEmpty()) {
                throw new ProtocolException(
                        ErrorCode.INVALID_SUGGESTION, "suggest: an empty range and an empty text change nothing");
            }
        }

        @Override
        public String wire() {
            return "suggest";
        }
    }

    /** Replaces the proposed text of one's own open suggestion {@code id}. */
    record Edit(long id, String text) implements SuggestionAction {
        public Edit {
            text = checkText(text);
        }

        @Override
        public String wire() {
            return "edit";
        }
    }

    /** Applies suggestion {@code id}'s replacement as an op and marks it accepted. */
    record Accept(long id) implements SuggestionAction {
        @Override
        public String wire() {
            return "accept";
        }
    }

    /** Marks suggestion {@code id} rejected; the document does not change. */
    record Reject(long id) implements SuggestionAction {
        @Override
        public String wire() {
            return "reject";
        }
    }

    /** Accepts every open suggestion, oldest first. */
    record AcceptAll() implements SuggestionAction {
        @Override
        public String wire() {
            return "accept-all";
        }
    }

    /** Rejects every open suggestion. */
    record RejectAll() implements SuggestionAction {
        @Override
        public String wire() {
            return "reject-all";
        }
    }

    /** Whether the action decides suggestions, which needs {@code write}. */
    default boolean decides() {
        return !(this instanceof Suggest || this instanceof Edit);
    }

    private static String checkText(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_TEXT) {
            throw new ProtocolException(
                    ErrorCode.INVALID_SUGGESTION,
                    "text: " + text.length() + " characters, over the limit of " + MAX_TEXT);
        }
        return text;
    }
}
