package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.document.Commenter;
import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.SuggestionAction;
import dev.quire.server.protocol.SuggestionView;
import dev.quire.server.protocol.User;
import dev.quire.server.security.Principal;
import dev.quire.server.security.Role;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/docs/{id}/suggestions} and {@code POST /api/docs/{id}/suggestions} (issue 17):
 * the suggestions with their ranges at the durable version, and one change, broadcast to the
 * document's editors like one made over the WebSocket.
 */
final class SuggestionRoutes {
    /** The owner key of REST callers with authentication off: they share one owner (as for comments). */
    private static final String REST_SESSION = "rest";

    private final DocumentRegistry registry;
    private final JsonCodec codec;

    SuggestionRoutes(DocumentRegistry registry, JsonCodec codec) {
        this.registry = registry;
        this.codec = codec;
    }

    /** Answers {@code {"doc":…,"version":…,"suggestions":[…]}}. */
    void list(HttpServerExchange exchange, String docId) {
        ServerMessage.Suggestions all = RestReplies.await(registry.suggestions(docId));
        send(exchange, g -> {
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
        if (action.decides() && !principal.may(docId, Role.WRITE)) {
            throw new ProtocolException(
                    ErrorCode.FORBIDDEN,
                    "your token does not grant write on " + docId + ": " + action.wire() + " needs it");
        }
        JsonNode author = body.get("author");
        if (author != null && !author.isNull() && !author.isTextual()) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "author: expected a string");
        }
        Optional<String> name = author == null || author.isNull() ? Optional.empty() : Optional.of(author.asText());
        Commenter who = principal.isTrusted()
                ? new Commenter(Commenter.ownerOf("", REST_SESSION), User.cleanName(name), false)
                : new Commenter(
                        Commenter.ownerOf(principal.userId(), REST_SESSION),
                        principal.displayName(),
                        principal.may(docId, Role.ADMIN));
        List<SuggestionView> views = RestReplies.await(registry.suggestion(docId, action, who));
        send(exchange, g -> {
            g.writeFieldName("suggestions");
            SuggestionJson.writeAll(g, views);
        });
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private void send(HttpServerExchange exchange, Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = codec.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            RestReplies.json(exchange, codec, 200, codec.mapper().readTree(out.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
