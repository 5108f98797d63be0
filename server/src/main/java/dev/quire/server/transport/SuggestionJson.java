package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.AnchoredRange;
import dev.quire.server.exchange.DocumentJson;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.SuggestionAction;
import dev.quire.server.protocol.SuggestionView;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Suggestions in JSON (issue 17), one form for the WebSocket, REST and the export: a
 * {@link SuggestionView} written, a {@link SuggestionAction} read and checked. Thread-safe (no state).
 */
final class SuggestionJson {
    private static final String ACTIONS = "suggest, edit, accept, reject, accept-all or reject-all";

    private SuggestionJson() {}

    /** Writes one suggestion in its one JSON form ({@link DocumentJson#writeSuggestion}). */
    static void write(JsonGenerator g, SuggestionView s) throws IOException {
        DocumentJson.writeSuggestion(g, s);
    }

    /** Writes an array of suggestions. */
    static void writeAll(JsonGenerator g, List<SuggestionView> suggestions) throws IOException {
        g.writeStartArray();
        for (SuggestionView s : suggestions) {
            write(g, s);
        }
        g.writeEndArray();
    }

    /**
     * Reads the action of a {@code suggestion} message or a REST body: {@code action} and the
     * fields it needs ({@code version}, {@code start}, {@code end}, {@code text}, {@code id}).
     *
     * @throws ProtocolException {@code malformed-message}, {@code invalid-range} or
     *     {@code invalid-suggestion}, naming the field
     */
    static SuggestionAction action(JsonNode root, Optional<String> docId) {
        JsonNode action = root.get("action");
        if (action == null || !action.isTextual()) {
            throw malformed("action: expected " + ACTIONS, docId);
        }
        return switch (action.asText()) {
            case "suggest" -> suggest(root, docId);
            case "edit" -> withDoc(() -> new SuggestionAction.Edit(id(root, docId), text(root, docId)), docId);
            case "accept" -> new SuggestionAction.Accept(id(root, docId));
            case "reject" -> new SuggestionAction.Reject(id(root, docId));
            case "accept-all" -> new SuggestionAction.AcceptAll();
            case "reject-all" -> new SuggestionAction.RejectAll();
            default ->
                throw malformed(
                        "action: expected " + ACTIONS + ", found \"" + JsonParts.abbreviate(action.asText()) + "\"",
                        docId);
        };
    }

    private static SuggestionAction suggest(JsonNode root, Optional<String> docId) {
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
        return withDoc(
                () -> new SuggestionAction.Suggest(version, new AnchoredRange(start, end), text(root, docId)), docId);
    }

    private static String text(JsonNode root, Optional<String> docId) {
        JsonNode text = root.get("text");
        if (text == null || !text.isTextual()) {
            throw malformed("text: expected a string", docId);
        }
        return text.asText();
    }

    private static long id(JsonNode root, Optional<String> docId) {
        JsonNode n = root.get("id");
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 1) {
            throw malformed("id: expected a suggestion id (an integer >= 1)", docId);
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
    private static SuggestionAction withDoc(Supplier<SuggestionAction> make, Optional<String> docId) {
        try {
            return make.get();
        } catch (ProtocolException e) {
            throw new ProtocolException(e.code(), e.getMessage(), docId, Optional.empty());
        }
    }

    private static ProtocolException malformed(String message, Optional<String> docId) {
        return new ProtocolException(ErrorCode.MALFORMED_MESSAGE, message, docId, Optional.empty());
    }
}
