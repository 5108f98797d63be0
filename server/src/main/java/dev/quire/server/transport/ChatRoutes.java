package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.protocol.ChatMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code GET /api/docs/{id}/chat?before=&limit=} (issue 17, decision 032): a page of the
 * document's chat, read from the store, answered as
 * {@code {"doc":…,"before":…,"messages":[…],"more":…}} (the page of a {@code chat-history}).
 */
final class ChatRoutes {
    private final DocumentRegistry registry;
    private final JsonCodec codec;

    ChatRoutes(DocumentRegistry registry, JsonCodec codec) {
        this.registry = registry;
        this.codec = codec;
    }

    void page(HttpServerExchange exchange, String docId) {
        OptionalLong before = OptionalLong.empty();
        Optional<String> b = RestParams.param(exchange, "before");
        if (b.isPresent()) {
            long id;
            try {
                id = Long.parseLong(b.get());
            } catch (NumberFormatException e) {
                id = 0;
            }
            if (id < 1) {
                throw new ProtocolException(
                        ErrorCode.MALFORMED_MESSAGE,
                        "before: expected a message id >= 1, found \"" + JsonCodec.abbreviate(b.get()) + "\"");
            }
            before = OptionalLong.of(id);
        }
        int limit = RestParams.intParam(exchange, "limit").orElse(ChatMessage.PAGE);
        if (limit < 1 || limit > ChatMessage.PAGE) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE, "limit: expected 1.." + ChatMessage.PAGE + ", found " + limit);
        }
        ServerMessage.ChatHistory page = registry.chatPage(docId, before, limit);
        StringWriter out = new StringWriter();
        try (JsonGenerator g = codec.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("doc", docId);
            ChatJson.writePage(g, page);
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
