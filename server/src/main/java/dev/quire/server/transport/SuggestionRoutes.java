package dev.quire.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.document.Commenter;
import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.SuggestionAction;
import dev.quire.server.protocol.SuggestionView;
import dev.quire.server.security.Principal;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/docs/{id}/suggestions} and {@code POST /api/docs/{id}/suggestions} (issue 17):
 * the suggestions with their ranges at the durable version, and one change, broadcast to the
 * document's editors like one made over the WebSocket.
 */
final class SuggestionRoutes {
    private final DocumentRegistry registry;
    private final RangeReplies replies;

    SuggestionRoutes(DocumentRegistry registry, JsonCodec codec) {
        this.registry = registry;
        this.replies = new RangeReplies(codec);
    }

    /** Answers {@code {"doc":…,"version":…,"suggestions":[…]}}. */
    void list(HttpServerExchange exchange, String docId) {
        ServerMessage.Suggestions all = RestReplies.await(registry.suggestions(docId));
        replies.send(exchange, g -> {
            g.writeStringField("doc", docId);
            g.writeNumberField("version", all.version());
            g.writeFieldName("suggestions");
            SuggestionJson.writeAll(g, all.suggestions());
        });
    }

    /**
     * Applies the change in {@code body} (a {@code suggestion} message's fields, plus an optional
     * {@code author} with authentication off); answers {@code {"suggestions":[…]}}: those it changed.
     */
    void change(HttpServerExchange exchange, String docId, Principal principal, JsonNode body) {
        SuggestionAction action = SuggestionJson.action(body, Optional.empty());
        RangeReplies.requireWrite(principal, docId, action.decides(), action.wire());
        Commenter who = RangeReplies.who(docId, principal, body);
        List<SuggestionView> views = RestReplies.await(registry.suggestion(docId, action, who));
        replies.send(exchange, g -> {
            g.writeFieldName("suggestions");
            SuggestionJson.writeAll(g, views);
        });
    }
}
