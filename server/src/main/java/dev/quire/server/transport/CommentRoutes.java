package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.document.Commenter;
import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.protocol.CommentAction;
import dev.quire.server.protocol.CommentView;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.User;
import dev.quire.server.security.Principal;
import dev.quire.server.security.Role;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * {@code GET /api/docs/{id}/comments} and {@code POST /api/docs/{id}/comments} (issue 17): the
 * comments with their ranges at the durable version, and one change, which is broadcast to the
 * document's commenters like one made over the WebSocket.
 */
final class CommentRoutes {
    /** The owner key of REST callers with authentication off: they share one owner. */
    private static final String REST_SESSION = "rest";

    private final DocumentRegistry registry;
    private final JsonCodec codec;

    CommentRoutes(DocumentRegistry registry, JsonCodec codec) {
        this.registry = registry;
        this.codec = codec;
    }

    /** Answers {@code {"doc":…,"version":…,"comments":[…]}}. */
    void list(HttpServerExchange exchange, String docId) {
        ServerMessage.Comments all = RestReplies.await(registry.comments(docId));
        send(exchange, 200, g -> {
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
        if (action.changesThreadState() && !principal.may(docId, Role.WRITE)) {
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
        CommentView view = RestReplies.await(registry.comment(docId, action, who));
        send(exchange, 200, g -> {
            g.writeFieldName("comment");
            CommentJson.write(g, view);
        });
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private void send(HttpServerExchange exchange, int status, Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = codec.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            RestReplies.json(exchange, codec, status, codec.mapper().readTree(out.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
