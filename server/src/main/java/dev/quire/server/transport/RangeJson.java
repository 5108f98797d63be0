package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.AnchoredRange;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the JSON of comments and suggestions share (issue 17, decision 042): an action's name, a
 * new range ({@code version}, {@code start}, {@code end}), an id, a text, and an array of views.
 * {@link CommentJson} and {@link SuggestionJson} add their own actions. Thread-safe (no state).
 */
final class RangeJson {
    private RangeJson() {}

    /** A range of the document at a version, as a {@code create} or {@code suggest} names it. */
    record Placed(int version, AnchoredRange range) {}

    /** Writes one view. */
    interface Writer<V> {
        void write(JsonGenerator g, V view) throws IOException;
    }

    /** Writes an array of views. */
    static <V> void writeAll(JsonGenerator g, List<V> views, Writer<V> one) throws IOException {
        g.writeStartArray();
        for (V v : views) {
            one.write(g, v);
        }
        g.writeEndArray();
    }

    /**
     * The {@code action} field.
     *
     * @param expected the actions, for the error ("create, reply, … or reopen")
     * @throws ProtocolException {@code malformed-message} when absent or not a string
     */
    static String action(JsonNode root, String expected, Optional<String> docId) {
        JsonNode action = root.get("action");
        if (action == null || !action.isTextual()) {
            throw malformed("action: expected " + expected, docId);
        }
        return action.asText();
    }

    /** The error for an action that is none of {@code expected}. */
    static ProtocolException unknownAction(String found, String expected, Optional<String> docId) {
        return malformed("action: expected " + expected + ", found \"" + JsonParts.abbreviate(found) + "\"", docId);
    }

    /**
     * {@code version}, {@code start} and {@code end}.
     *
     * @throws ProtocolException {@code malformed-message}, or {@code invalid-range} when the end is
     *     before the start
     */
    static Placed placed(JsonNode root, Optional<String> docId) {
        int version = natural(root, "version", docId);
        int start = natural(root, "start", docId);
        int end = natural(root, "end", docId);
        if (end < start) {
            throw new ProtocolException(
                    ErrorCode.INVALID_RANGE,
                    "range: end " + end + " is before start " + start,
                    docId,
                    Optional.empty());
        }
        return new Placed(version, new AnchoredRange(start, end));
    }

    /** The {@code text} field. */
    static String text(JsonNode root, Optional<String> docId) {
        JsonNode text = root.get("text");
        if (text == null || !text.isTextual()) {
            throw malformed("text: expected a string", docId);
        }
        return text.asText();
    }

    /** The id in {@code field}: an integer &gt;= 1, a {@code kind}'s ("comment", "suggestion"). */
    static long id(JsonNode root, String field, String kind, Optional<String> docId) {
        JsonNode n = root.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 1) {
            throw malformed(field + ": expected a " + kind + " id (an integer >= 1)", docId);
        }
        return n.asLong();
    }

    private static int natural(JsonNode root, String field, Optional<String> docId) {
        JsonNode n = root.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
            throw malformed(field + ": expected an integer >= 0", docId);
        }
        return n.asInt();
    }

    /** Runs a constructor whose checks throw without the document, adding it. */
    static <A> A withDoc(Supplier<A> make, Optional<String> docId) {
        try {
            return make.get();
        } catch (ProtocolException e) {
            throw new ProtocolException(e.code(), e.getMessage(), docId, Optional.empty());
        }
    }

    static ProtocolException malformed(String message, Optional<String> docId) {
        return new ProtocolException(ErrorCode.MALFORMED_MESSAGE, message, docId, Optional.empty());
    }
}
