package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.protocol.ChatMessage;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JSON of chat (issue 17, decision 032; docs/protocol.md): a message is
 * {@code {"id":7,"author":"Ada","color":"#4363d8","text":"…","time":"2026-12-06T04:10:00Z"}}; a
 * page is {@code "before"} (when asked), {@code "messages"} (oldest first) and {@code "more"}.
 */
final class ChatJson {
    private ChatJson() {}

    /** The checked {@code text} of a {@code chat} message: not blank, at most 2,000 code units. */
    static String text(JsonNode root, String docId) {
        JsonNode text = root.get("text");
        if (text == null || !text.isTextual()) {
            throw refused(ErrorCode.MALFORMED_MESSAGE, "text: expected a string", docId);
        }
        String t = text.asText();
        if (t.length() > ChatMessage.MAX_LENGTH) {
            throw refused(
                    ErrorCode.CHAT_TOO_LONG,
                    "chat: text of " + t.length() + " UTF-16 code units, at most " + ChatMessage.MAX_LENGTH,
                    docId);
        }
        if (t.isBlank()) {
            throw refused(ErrorCode.CHAT_EMPTY, "chat: text is empty", docId);
        }
        return t;
    }

    /** A {@code chat-history} request: optional {@code before} (an id &gt;= 1) and {@code limit} (1–100). */
    static ClientMessage.ChatHistory historyRequest(JsonNode root, String docId) {
        OptionalLong before = OptionalLong.empty();
        JsonNode b = root.get("before");
        if (b != null && !b.isNull()) {
            if (!b.isIntegralNumber() || !b.canConvertToLong() || b.asLong() < 1) {
                throw refused(ErrorCode.MALFORMED_MESSAGE, "before: expected a message id >= 1", docId);
            }
            before = OptionalLong.of(b.asLong());
        }
        int limit = ChatMessage.PAGE;
        JsonNode l = root.get("limit");
        if (l != null && !l.isNull()) {
            if (!l.isIntegralNumber() || !l.canConvertToInt() || l.asInt() < 1 || l.asInt() > ChatMessage.PAGE) {
                throw refused(ErrorCode.MALFORMED_MESSAGE, "limit: expected 1.." + ChatMessage.PAGE, docId);
            }
            limit = l.asInt();
        }
        return new ClientMessage.ChatHistory(docId, before, limit);
    }

    /** Writes one message as an object. */
    static void write(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", m.id());
        g.writeStringField("author", m.author());
        g.writeStringField("color", m.color());
        g.writeStringField("text", m.text());
        g.writeStringField("time", m.time().toString());
        g.writeEndObject();
    }

    /** Writes a page's fields (inside an object already started). */
    static void writePage(JsonGenerator g, ServerMessage.ChatHistory page) throws IOException {
        if (page.before().isPresent()) {
            g.writeNumberField("before", page.before().getAsLong());
        }
        g.writeArrayFieldStart("messages");
        for (ChatMessage m : page.messages()) {
            write(g, m);
        }
        g.writeEndArray();
        g.writeBooleanField("more", page.more());
    }

    private static ProtocolException refused(ErrorCode code, String message, String docId) {
        return new ProtocolException(code, message, Optional.of(docId), Optional.empty());
    }
}
