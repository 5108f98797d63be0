package dev.quire.server.exchange;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.protocol.ChatMessage;
import dev.quire.server.storage.ChatRecord;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code "chat"} section of a JSON export (issue 17, decision 032; docs/export-format.md):
 * every message, oldest first, in the form of the wire ({@code id}, {@code author},
 * {@code color}, {@code text}, {@code time}). Absent when the document has no chat, so such a
 * file reads as before. An import stores the messages in their order with new ids (1, 2, 3, …).
 */
final class ChatSection {
    private ChatSection() {}

    static void write(JsonGenerator g, List<ChatMessage> chat) throws IOException {
        if (chat.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("chat");
        for (ChatMessage m : chat) {
            g.writeStartObject();
            g.writeNumberField("id", m.id());
            g.writeStringField("author", m.author());
            g.writeStringField("color", m.color());
            g.writeStringField("text", m.text());
            g.writeStringField("time", m.time().toString());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The messages of {@code root}'s {@code chat} (empty when absent), checked like the wire's. */
    static List<ChatRecord> read(JsonNode root, String docId) {
        JsonNode chat = root.get("chat");
        if (chat == null || chat.isNull()) {
            return List.of();
        }
        if (!chat.isArray()) {
            throw DocumentJson.malformed("chat: expected an array");
        }
        List<ChatRecord> out = new ArrayList<>(chat.size());
        for (int i = 0; i < chat.size(); i++) {
            String at = "chat[" + i + "].";
            JsonNode m = chat.get(i);
            if (!m.isObject()) {
                throw DocumentJson.malformed("chat[" + i + "]: expected an object");
            }
            String text = string(m, "text", at);
            if (text.isBlank() || text.length() > ChatMessage.MAX_LENGTH) {
                throw DocumentJson.invalid(
                        at + "text: expected 1.." + ChatMessage.MAX_LENGTH + " code units, not blank");
            }
            String author = string(m, "author", at);
            if (author.length() > 64) {
                throw DocumentJson.invalid(at + "author: expected at most 64 characters");
            }
            String color = string(m, "color", at);
            if (!color.matches("#[0-9a-fA-F]{6}")) {
                throw DocumentJson.invalid(at + "color: expected #rrggbb");
            }
            Instant time;
            try {
                time = Instant.parse(string(m, "time", at));
            } catch (DateTimeParseException e) {
                throw DocumentJson.malformed(at + "time: expected an ISO-8601 instant such as 2026-12-05T21:00:00Z");
            }
            out.add(new ChatRecord(docId, 0, author, color, text, time));
        }
        return out;
    }

    private static String string(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw DocumentJson.malformed(at + field + ": expected a string");
        }
        return v.asText();
    }
}
