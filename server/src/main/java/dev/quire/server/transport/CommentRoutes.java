package dev.quire.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.document.Commenter;
import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.protocol.CommentAction;
import dev.quire.server.protocol.CommentView;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.security.Principal;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;

/**
 * {@code GET /api/docs/{id}/comments} and {@code POST /api/docs/{id}/comments} (issue 17): the
 * comments with their ranges at the durable version, and one change, which is broadcast to the
 * document's commenters like one made over the WebSocket.
 */
final class CommentRoutes {
    private final DocumentRegistry registry;
    private final RangeReplies replies;

    CommentRoutes(DocumentRegistry registry, JsonCodec codec) {
        this.registry = registry;
        this.replies = new RangeReplies(codec);
    }

    /** Answers {@code {"doc":…,"version":…,"comments":[…]}}. */
    void list(HttpServerExchange exchange, String docId) {
        ServerMessage.Comments all = RestReplies.await(registry.comments(docId));
        replies.send(exchange, g -> {
            g.writeStringField("doc", docId);
            g.writeNumberField("version", all.version());
            g.writeFieldName("comments");
            CommentJson.writeAll(g, all.comments());
        });
    }

    /**
     * Applies the change in {@code body} (as a {@code comment} message's fields, plus an optional
     * {@code author} with authentication off); answers {@code {"comment":{…}}}.
     */
    void change(HttpServerExchange exchange, String docId, Principal principal, JsonNode body) {
        CommentAction action = CommentJson.action(body, Optional.empty());
        RangeReplies.requireWrite(principal, docId, action.changesThreadState(), action.wire());
        Commenter who = RangeReplies.who(docId, principal, body);
        CommentView view = RestReplies.await(registry.comment(docId, action, who));
        replies.send(exchange, g -> {
            g.writeFieldName("comment");
            CommentJson.write(g, view);
        });
    }
}
