package dev.quire.server.exchange;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.server.protocol.ChatMessage;
import dev.quire.server.protocol.CommentView;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.SuggestionView;
import dev.quire.server.storage.ChatRecord;
import dev.quire.server.storage.CommentRecord;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.SuggestionRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The JSON history format of one document (docs/export-format.md), format version 1:
 *
 * <pre>
 * {"format":"quire-document","formatVersion":1,"id":"notes","version":2,"content":"Hi!",
 *  "ops":[{"version":1,"op":["Hi"],"author":"Ada","clientId":"c1","time":"2026-12-05T21:00:00.123456Z"},
 *         {"version":2,"op":[2,"!"],"author":"Bob","clientId":"","time":"2026-12-05T21:00:01Z"}]}
 * </pre>
 *
 * An admin's export also carries, per op, the exactly-once key ({@code sessionKey}, {@code seq},
 * only for ops typed in an editor), {@code baseVersion} and {@code submitHash}, so that an
 * import restores the op log row for row. Stateless and thread-safe.
 */
public final class DocumentJson {
    /** The {@code format} value of every document export. */
    public static final String FORMAT = "quire-document";
    /** The format version this server writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    /** Whether an export carries the admin-only fields of each op. */
    public enum Detail {
        /** version, op, author, clientId, time */
        PUBLIC,
        /** also sessionKey and seq (ops with a session), baseVersion and submitHash */
        FULL
    }

    /** One document as a file holds it: its id, its version and text, every op, and its chat. */
    public record Document(
            String id,
            int version,
            String content,
            List<OpRecord> ops,
            List<ChatRecord> chat,
            List<CommentRecord> comments,
            List<SuggestionRecord> suggestions) {
        public Document {
            ops = List.copyOf(ops);
            chat = List.copyOf(chat);
            comments = List.copyOf(comments);
            suggestions = List.copyOf(suggestions);
        }

        /** A document without comments and suggestions. */
        public Document(String id, int version, String content, List<OpRecord> ops, List<ChatRecord> chat) {
            this(id, version, content, ops, chat, List.of(), List.of());
        }

        /** A document without chat, comments and suggestions. */
        public Document(String id, int version, String content, List<OpRecord> ops) {
            this(id, version, content, ops, List.of());
        }
    }

    private DocumentJson() {}

    /** Streams the document head and then its ops, page by page, to {@code out} (left open). */
    public static void write(
            String id, int version, String content, Iterable<OpRecord> ops, Detail detail, OutputStream out)
            throws IOException {
        write(id, version, content, ops, List.of(), detail, out);
    }

    /** Streams the document head, its ops and its comments (no suggestions) to {@code out} (left open). */
    public static void write(
            String id,
            int version,
            String content,
            Iterable<OpRecord> ops,
            List<CommentView> comments,
            Detail detail,
            OutputStream out)
            throws IOException {
        write(id, version, content, ops, comments, List.of(), List.of(), detail, out);
    }

    /**
     * Streams the document head, its ops, then its comments and its suggestions with their ranges
     * at {@code version}, then its chat, oldest first (issue 17), to {@code out} (left open).
     */
    public static void write(
            String id,
            int version,
            String content,
            Iterable<OpRecord> ops,
            List<CommentView> comments,
            List<SuggestionView> suggestions,
            List<ChatMessage> chat,
            Detail detail,
            OutputStream out)
            throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("formatVersion", FORMAT_VERSION);
            g.writeStringField("id", id);
            g.writeNumberField("version", version);
            g.writeStringField("content", content);
            g.writeArrayFieldStart("ops");
            for (OpRecord r : ops) {
                g.writeStartObject();
                g.writeNumberField("version", r.version());
                g.writeFieldName("op");
                g.writeRawValue(r.opJson()); // the op's one JSON form, as stored
                g.writeStringField("author", r.author());
                g.writeStringField("clientId", r.clientId());
                g.writeStringField("time", r.time().toString());
                if (detail == Detail.FULL) {
                    if (r.hasSession()) {
                        g.writeStringField("sessionKey", r.session());
                        g.writeNumberField("seq", r.seq());
                    }
                    g.writeNumberField("baseVersion", r.baseVersion());
                    g.writeNumberField("submitHash", r.submitHash());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (!comments.isEmpty()) { // absent without comments: such a file reads as before
                g.writeArrayFieldStart("comments");
                for (CommentView c : comments) {
                    writeComment(g, c);
                }
                g.writeEndArray();
            }
            ChatSection.write(g, chat);
            if (!suggestions.isEmpty()) { // absent without suggestions, like comments
                g.writeArrayFieldStart("suggestions");
                for (SuggestionView s : suggestions) {
                    writeSuggestion(g, s);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
    }

    /**
     * A suggestion's one JSON form, in the export and on the wire (docs/protocol.md):
     * {@code {"id":…,"author":…,"owner":…,"text":…,"created":…,"edited":…,"status":…,"decided":…,
     * "decidedBy":…,"acceptedIn":…,"start":…,"end":…}}, {@code edited}, {@code decided},
     * {@code decidedBy} and {@code acceptedIn} only when set.
     */
    public static void writeSuggestion(JsonGenerator g, SuggestionView s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", s.id());
        g.writeStringField("author", s.author());
        g.writeStringField("owner", s.owner());
        g.writeStringField("text", s.text());
        g.writeStringField("created", s.created().toString());
        if (s.edited().isPresent()) {
            g.writeStringField("edited", s.edited().get().toString());
        }
        g.writeStringField("status", s.status());
        if (s.decided().isPresent()) {
            g.writeStringField("decided", s.decided().get().toString());
        }
        if (s.decidedBy().isPresent()) {
            g.writeStringField("decidedBy", s.decidedBy().get());
        }
        if (s.acceptedIn().isPresent()) {
            g.writeNumberField("acceptedIn", s.acceptedIn().getAsInt());
        }
        g.writeNumberField("start", s.range().start());
        g.writeNumberField("end", s.range().end());
        g.writeEndObject();
    }

    /**
     * A comment's one JSON form, in the export and on the wire (docs/protocol.md):
     * {@code {"id":…,"thread":…,"author":…,"owner":…,"text":…,"created":…,"edited":…,"deleted":…,
     * "resolved":…,"start":…,"end":…}}, the last three on a thread's first comment only.
     */
    public static void writeComment(JsonGenerator g, CommentView c) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", c.id());
        g.writeNumberField("thread", c.thread());
        g.writeStringField("author", c.author());
        g.writeStringField("owner", c.owner());
        g.writeStringField("text", c.text());
        g.writeStringField("created", c.created().toString());
        if (c.edited().isPresent()) {
            g.writeStringField("edited", c.edited().get().toString());
        }
        g.writeBooleanField("deleted", c.deleted());
        if (c.range().isPresent()) {
            g.writeBooleanField("resolved", c.resolved());
            g.writeNumberField("start", c.range().get().start());
            g.writeNumberField("end", c.range().get().end());
        }
        g.writeEndObject();
    }

    /**
     * Reads a file into a document whose ops belong to {@code docId} (the id in the file is
     * informative: a document may be imported under another id). Checks the shape only;
     * {@link ImportCheck} checks that the history holds together ({@link DocumentReader}).
     *
     * @throws ProtocolException malformed-message or invalid-import, naming the first field that is missing or of the wrong type
     */
    public static Document read(byte[] json, String docId) {
        return DocumentReader.read(JSON, json, docId);
    }

    static ProtocolException malformed(String message) {
        return new ProtocolException(ErrorCode.MALFORMED_MESSAGE, message);
    }

    static ProtocolException invalid(String message) {
        return new ProtocolException(ErrorCode.INVALID_IMPORT, message);
    }
}
