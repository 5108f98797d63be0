package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.quire.server.protocol.ServerMessage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The server's side of encoding: a {@link ServerMessage} to its text frame, fields in the order
 * docs/protocol.md shows them. Thread-safe.
 */
final class ServerMessageWriter {
    private final JsonFactory factory;
    /** Announced in {@code joined} so that editors split larger edits; none on the client side. */
    private final int maxMessageBytes;

    ServerMessageWriter(JsonFactory factory, int maxMessageBytes) {
        this.factory = factory;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The JSON text of a server message. */
    String write(ServerMessage message) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            if (message instanceof ServerMessage.Joined m) {
                joined(g, m);
            } else if (message instanceof ServerMessage.Ack m) {
                g.writeStringField("type", "ack");
                g.writeStringField("doc", m.docId());
                g.writeNumberField("seq", m.seq());
                g.writeNumberField("version", m.version());
                if (m.checksum().isPresent()) {
                    g.writeStringField("checksum", m.checksum().get());
                }
            } else if (message instanceof ServerMessage.Op m) {
                g.writeStringField("type", "op");
                g.writeStringField("doc", m.docId());
                g.writeNumberField("version", m.version());
                g.writeFieldName("op");
                JsonParts.writeOp(g, m.op());
                g.writeStringField("clientId", m.clientId());
                if (m.checksum().isPresent()) {
                    g.writeStringField("checksum", m.checksum().get());
                }
            } else if (message instanceof ServerMessage.Presence m) {
                g.writeStringField("type", "presence");
                g.writeStringField("doc", m.docId());
                g.writeStringField("clientId", m.clientId());
                g.writeFieldName("user");
                JsonParts.writeUser(g, m.user());
                g.writeNumberField("version", m.version());
                g.writeFieldName("selection");
                JsonParts.writeRanges(g, m.selection());
            } else if (message instanceof ServerMessage.Ops m) {
                ops(g, m);
            } else if (message instanceof ServerMessage.Left m) {
                g.writeStringField("type", "left");
                g.writeStringField("doc", m.docId());
                g.writeStringField("clientId", m.clientId());
            } else if (message instanceof ServerMessage.Title m) {
                g.writeStringField("type", "title");
                g.writeStringField("doc", m.docId());
                g.writeStringField("title", m.title());
            } else if (message instanceof ServerMessage.Comments m) {
                g.writeStringField("type", "comments");
                g.writeStringField("doc", m.docId());
                g.writeNumberField("version", m.version());
                g.writeStringField("you", m.you());
                g.writeFieldName("comments");
                CommentJson.writeAll(g, m.comments());
            } else if (message instanceof ServerMessage.Comment m) {
                g.writeStringField("type", "comment");
                g.writeStringField("doc", m.docId());
                g.writeNumberField("version", m.version());
                g.writeFieldName("comment");
                CommentJson.write(g, m.comment());
            } else if (message instanceof ServerMessage.Chat m) {
                g.writeStringField("type", "chat");
                g.writeStringField("doc", m.docId());
                g.writeFieldName("message");
                ChatJson.write(g, m.message());
            } else if (message instanceof ServerMessage.ChatHistory m) {
                g.writeStringField("type", "chat-history");
                g.writeStringField("doc", m.docId());
                ChatJson.writePage(g, m);
            } else if (message instanceof ServerMessage.Suggestions m) {
                g.writeStringField("type", "suggestions");
                g.writeStringField("doc", m.docId());
                g.writeNumberField("version", m.version());
                g.writeStringField("you", m.you());
                g.writeFieldName("suggestions");
                SuggestionJson.writeAll(g, m.suggestions());
            } else if (message instanceof ServerMessage.Suggestion m) {
                g.writeStringField("type", "suggestion");
                g.writeStringField("doc", m.docId());
                g.writeNumberField("version", m.version());
                g.writeFieldName("suggestion");
                SuggestionJson.write(g, m.suggestion());
            } else if (message instanceof ServerMessage.Error m) {
                g.writeStringField("type", "error");
                g.writeStringField("code", m.code().wire());
                g.writeStringField("message", m.message());
                if (m.docId().isPresent()) {
                    g.writeStringField("doc", m.docId().get());
                }
                if (m.seq().isPresent()) {
                    g.writeNumberField("seq", m.seq().get());
                }
                if (m.retryAfterMs().isPresent()) {
                    g.writeNumberField("retryAfterMs", m.retryAfterMs().getAsLong());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void ops(JsonGenerator g, ServerMessage.Ops m) throws IOException {
        g.writeStringField("type", "ops");
        g.writeStringField("doc", m.docId());
        g.writeArrayFieldStart("ops");
        for (ServerMessage.CatchUpOp op : m.ops()) {
            entry(g, op);
        }
        g.writeEndArray();
        if (!m.presence().isEmpty()) {
            g.writeArrayFieldStart("presence");
            for (ServerMessage.Presence p : m.presence()) {
                g.writeStartObject();
                g.writeStringField("clientId", p.clientId());
                g.writeFieldName("user");
                JsonParts.writeUser(g, p.user());
                g.writeNumberField("version", p.version());
                g.writeFieldName("selection");
                JsonParts.writeRanges(g, p.selection());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }

    /** One op of a catch-up or a batch. */
    private static void entry(JsonGenerator g, ServerMessage.CatchUpOp op) throws IOException {
        g.writeStartObject();
        g.writeNumberField("version", op.version());
        g.writeFieldName("op");
        JsonParts.writeOp(g, op.op());
        g.writeStringField("clientId", op.clientId());
        if (op.seq().isPresent()) {
            g.writeNumberField("seq", op.seq().get());
        }
        if (op.checksum().isPresent()) {
            g.writeStringField("checksum", op.checksum().get());
        }
        g.writeEndObject();
    }

    private void joined(JsonGenerator g, ServerMessage.Joined m) throws IOException {
        g.writeStringField("type", "joined");
        g.writeStringField("doc", m.docId());
        g.writeNumberField("version", m.version());
        if (m.compacted().isPresent()) {
            g.writeNumberField("compacted", m.compacted().getAsInt());
        }
        if (m.content().isPresent()) {
            g.writeStringField("content", m.content().get());
        } else {
            g.writeArrayFieldStart("ops");
            for (ServerMessage.CatchUpOp op : m.ops()) {
                entry(g, op);
            }
            g.writeEndArray();
        }
        g.writeStringField("clientId", m.clientId());
        g.writeStringField("role", m.role());
        if (m.user().isPresent()) {
            g.writeFieldName("user");
            JsonParts.writeUser(g, m.user().get());
        }
        if (maxMessageBytes != Integer.MAX_VALUE) {
            g.writeNumberField("maxMessageBytes", maxMessageBytes);
        }
        g.writeArrayFieldStart("peers");
        for (ServerMessage.Peer p : m.peers()) {
            g.writeStartObject();
            g.writeStringField("clientId", p.clientId());
            g.writeFieldName("user");
            JsonParts.writeUser(g, p.user());
            g.writeFieldName("selection");
            JsonParts.writeRanges(g, p.selection());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
