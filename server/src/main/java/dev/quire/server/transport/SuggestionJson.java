package dev.quire.server.transport;

import static dev.quire.server.transport.RangeJson.text;
import static dev.quire.server.transport.RangeJson.withDoc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.exchange.DocumentJson;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.SuggestionAction;
import dev.quire.server.protocol.SuggestionView;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Suggestions in JSON (issue 17), one form for the WebSocket, REST and the export: a
 * {@link SuggestionView} written, a {@link SuggestionAction} read and checked; what is shared
 * with comments is in {@link RangeJson}. Thread-safe (no state).
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
        RangeJson.writeAll(g, suggestions, SuggestionJson::write);
    }

    /**
     * Reads the action of a {@code suggestion} message or a REST body: {@code action} and the
     * fields it needs ({@code version}, {@code start}, {@code end}, {@code text}, {@code id}).
     *
     * @throws ProtocolException {@code malformed-message}, {@code invalid-range} or
     *     {@code invalid-suggestion}, naming the field
     */
    static SuggestionAction action(JsonNode root, Optional<String> docId) {
        String action = RangeJson.action(root, ACTIONS, docId);
        return switch (action) {
            case "suggest" -> {
                RangeJson.Placed at = RangeJson.placed(root, docId);
                yield withDoc(() -> new SuggestionAction.Suggest(at.version(), at.range(), text(root, docId)), docId);
            }
            case "edit" -> withDoc(() -> new SuggestionAction.Edit(id(root, docId), text(root, docId)), docId);
            case "accept" -> new SuggestionAction.Accept(id(root, docId));
            case "reject" -> new SuggestionAction.Reject(id(root, docId));
            case "accept-all" -> new SuggestionAction.AcceptAll();
            case "reject-all" -> new SuggestionAction.RejectAll();
            default -> throw RangeJson.unknownAction(action, ACTIONS, docId);
        };
    }

    private static long id(JsonNode root, Optional<String> docId) {
        return RangeJson.id(root, "id", "suggestion", docId);
    }
}
