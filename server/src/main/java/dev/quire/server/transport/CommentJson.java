package dev.quire.server.transport;

import static dev.quire.server.transport.RangeJson.id;
import static dev.quire.server.transport.RangeJson.text;
import static dev.quire.server.transport.RangeJson.withDoc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.exchange.DocumentJson;
import dev.quire.server.protocol.CommentAction;
import dev.quire.server.protocol.CommentView;
import dev.quire.server.protocol.ProtocolException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Comments in JSON (issue 17), one form for the WebSocket, REST and the export: a
 * {@link CommentView} written, a {@link CommentAction} read and checked; what is shared with
 * suggestions is in {@link RangeJson}. Thread-safe (no state).
 */
final class CommentJson {
    private static final String ACTIONS = "create, reply, edit, delete, resolve or reopen";

    private CommentJson() {}

    /** Writes one comment in its one JSON form ({@link DocumentJson#writeComment}). */
    static void write(JsonGenerator g, CommentView c) throws IOException {
        DocumentJson.writeComment(g, c);
    }

    /** Writes an array of comments. */
    static void writeAll(JsonGenerator g, List<CommentView> comments) throws IOException {
        RangeJson.writeAll(g, comments, CommentJson::write);
    }

    /**
     * Reads the action of a {@code comment} message or a REST body: {@code action} and the fields
     * it needs ({@code version}, {@code start}, {@code end}, {@code text}, {@code thread}, {@code id}).
     *
     * @throws ProtocolException {@code malformed-message}, {@code invalid-range} or
     *     {@code invalid-comment}, naming the field
     */
    static CommentAction action(JsonNode root, Optional<String> docId) {
        String action = RangeJson.action(root, ACTIONS, docId);
        return switch (action) {
            case "create" -> {
                RangeJson.Placed at = RangeJson.placed(root, docId);
                yield withDoc(() -> new CommentAction.Create(at.version(), at.range(), text(root, docId)), docId);
            }
            case "reply" -> withDoc(() -> new CommentAction.Reply(id(root, "thread", docId), text(root, docId)), docId);
            case "edit" -> withDoc(() -> new CommentAction.Edit(id(root, "id", docId), text(root, docId)), docId);
            case "delete" -> new CommentAction.Delete(id(root, "id", docId));
            case "resolve" -> new CommentAction.Resolve(id(root, "thread", docId));
            case "reopen" -> new CommentAction.Reopen(id(root, "thread", docId));
            default -> throw RangeJson.unknownAction(action, ACTIONS, docId);
        };
    }

    private static long id(JsonNode root, String field, Optional<String> docId) {
        return RangeJson.id(root, field, "comment", docId);
    }
}
