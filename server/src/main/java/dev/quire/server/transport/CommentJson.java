package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.AnchoredRange;
import dev.quire.server.exchange.DocumentJson;
import dev.quire.server.protocol.CommentAction;
import dev.quire.server.protocol.CommentView;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Comments in JSON (issue 17), one form for the WebSocket, REST and the export: a
 * {@link CommentView} written, a {@link CommentAction} read and checked. Thread-safe (no state).
 */
final class CommentJson {
    private CommentJson() {}

    /** Writes one comment in its one JSON form ({@link DocumentJson#writeComment}). */
    static void write(JsonGenerator g, CommentView c) throws IOException {
        DocumentJson.writeComment(g, c);
    }

    /** Writes an array of comments. */
    static void writeAll(JsonGenerator g, List<CommentView> comments) throws IOException {
        g.writeStartArray();
        for (CommentView c : comments) {
            write(g, c);
        }
        g.writeEndArray();
    }

    /**
     * Reads the action of a {@code comment} message or a REST body: {@code action} and the fields
     * it needs ({@code version}, {@code start}, {@code end}, {@code text}, {@code thread}, {@code id}).
     *
     * @throws ProtocolException {@code malformed-message}, {@code invalid-range} or
     *     {@code invalid-comment}, naming the field
     */
    static CommentAction action(JsonNode root, Optional<String> docId) {
        JsonNode action = root.get("action");
        if (action == null || !action.isTextual()) {
            throw malformed("action: expected create, reply, edit, delete, resolve or reopen", docId);
        }
        return switch (action.asText()) {
            case "create" -> create(root, docId);
            case "reply" -> withDoc(() -> new CommentAction.Reply(id(root, "thread", docId), text(root, docId)), docId);
            case "edit" -> withDoc(() -> new CommentAction.Edit(id(root, "id", docId), text(root, docId)), docId);
            case "delete" -> new CommentAction.Delete(id(root, "id", docId));
            case "resolve" -> new CommentAction.Resolve(id(root, "thread", docId));
            case "reopen" -> new CommentAction.Reopen(id(root, "thread", docId));
            default ->
                throw malformed(
                        "action: expected create, reply, edit, delete, resolve or reopen, found \""
                                + JsonParts.abbreviate(action.asText()) + "\"",
                        docId);
        };
    }

    private static CommentAction create(JsonNode root, Optional<String> docId) {
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
                () -> new CommentAction.Create(version, new AnchoredRange(start, end), text(root, docId)), docId);
    }

    private static String text(JsonNode root, Optional<String> docId) {
        JsonNode text = root.get("text");
        if (text == null || !text.isTextual()) {
            throw malformed("text: expected a string", docId);
        }
        return text.asText();
    }

    private static long id(JsonNode root, String field, Optional<String> docId) {
        JsonNode n = root.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 1) {
            throw malformed(field + ": expected a comment id (an integer >= 1)", docId);
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
    private static CommentAction withDoc(java.util.function.Supplier<CommentAction> make, Optional<String> docId) {
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
