package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.quire.server.protocol.ClientMessage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A client's side of encoding: a {@link ClientMessage} to its text frame, fields in the order
 * docs/protocol.md shows them ({@code {"type":"op","doc":"notes","version":12,"seq":3,"op":[5,"ab",-3]}}).
 * Used by the load generator and the tests. Thread-safe.
 */
final class ClientMessageWriter {
    private final JsonFactory factory;

    ClientMessageWriter(JsonFactory factory) {
        this.factory = factory;
    }

    String write(ClientMessage message) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            if (message instanceof ClientMessage.Join m) {
                g.writeStringField("type", "join");
                g.writeStringField("doc", m.docId());
                g.writeStringField("session", m.session());
                if (m.version().isPresent()) {
                    g.writeNumberField("version", m.version().getAsInt());
                }
                if (m.name().isPresent()) {
                    g.writeObjectFieldStart("user");
                    g.writeStringField("name", m.name().get());
                    g.writeEndObject();
                }
                if (!m.accept().isEmpty()) {
                    g.writeArrayFieldStart("accept");
                    for (String type : new java.util.TreeSet<>(m.accept())) {
                        g.writeString(type);
                    }
                    g.writeEndArray();
                }
            } else if (message instanceof ClientMessage.Op m) {
                g.writeStringField("type", "op");
                g.writeStringField("doc", m.docId());
                g.writeNumberField("version", m.version());
                g.writeNumberField("seq", m.seq());
                g.writeFieldName("op");
                JsonParts.writeOp(g, m.op());
            } else if (message instanceof ClientMessage.Presence m) {
                g.writeStringField("type", "presence");
                g.writeStringField("doc", m.docId());
                g.writeNumberField("version", m.version());
                g.writeFieldName("selection");
                JsonParts.writeRanges(g, m.selection());
                if (m.name().isPresent()) {
                    g.writeObjectFieldStart("user");
                    g.writeStringField("name", m.name().get());
                    g.writeEndObject();
                }
            } else if (message instanceof ClientMessage.Diverged m) {
                g.writeStringField("type", "diverged");
                g.writeStringField("doc", m.docId());
                g.writeNumberField("version", m.version());
            } else if (message instanceof ClientMessage.Leave m) {
                g.writeStringField("type", "leave");
                g.writeStringField("doc", m.docId());
            } else if (message instanceof ClientMessage.Auth m) {
                g.writeStringField("type", "auth");
                g.writeStringField("token", m.token());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
