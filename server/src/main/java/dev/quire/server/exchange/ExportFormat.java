package dev.quire.server.exchange;

import dev.quire.server.protocol.ChatMessage;
import dev.quire.server.protocol.CommentView;
import dev.quire.server.protocol.SuggestionView;
import dev.quire.server.storage.OpRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The forms a document is exported in ({@code GET /api/docs/{id}/export?format=…}): the text
 * alone ({@code txt}, {@code md}: a Quire document is plain text, Markdown or not), the text
 * rendered as Markdown ({@code html}) or the whole
 * history ({@code json}, {@link DocumentJson}). A new form is one more constant.
 */
public enum ExportFormat {
    TXT("txt", "text/plain; charset=utf-8", ExportFormat::text),
    MD("md", "text/markdown; charset=utf-8", ExportFormat::text),
    /** The text as Markdown rendered to one standalone HTML page ({@link HtmlExport}). */
    HTML("html", "text/html; charset=utf-8", (d, out) -> HtmlExport.write(d.id(), d.content(), out)),
    JSON(
            "json",
            "application/json",
            (d, out) -> DocumentJson.write(
                    d.id(),
                    d.version(),
                    d.content(),
                    d.ops(),
                    d.comments(),
                    d.suggestions(),
                    d.chat(),
                    d.detail(),
                    out));

    /** What an export reads: the document at one version and the ops up to it. */
    public record Source(
            String id,
            int version,
            String content,
            Iterable<OpRecord> ops,
            List<CommentView> comments,
            List<SuggestionView> suggestions,
            List<ChatMessage> chat,
            DocumentJson.Detail detail) {
        public Source {
            comments = List.copyOf(comments);
            suggestions = List.copyOf(suggestions);
            chat = List.copyOf(chat);
        }

        /** A source with comments and without suggestions. */
        public Source(
                String id,
                int version,
                String content,
                Iterable<OpRecord> ops,
                List<CommentView> comments,
                DocumentJson.Detail detail) {
            this(id, version, content, ops, comments, List.of(), List.of(), detail);
        }

        /** A source without comments. */
        public Source(String id, int version, String content, Iterable<OpRecord> ops, DocumentJson.Detail detail) {
            this(id, version, content, ops, List.of(), List.of(), List.of(), detail);
        }
    }

    /** Writes one form of a document. */
    @FunctionalInterface
    interface Writer {
        void write(Source doc, OutputStream out) throws IOException;
    }

    private final String wire;
    private final String mediaType;
    private final Writer writer;

    ExportFormat(String wire, String mediaType, Writer writer) {
        this.wire = wire;
        this.mediaType = mediaType;
        this.writer = writer;
    }

    /** The {@code format} parameter's value, also the file extension. */
    public String wire() {
        return wire;
    }

    /** The response's {@code Content-Type}. */
    public String mediaType() {
        return mediaType;
    }

    /** Whether this form carries the op log (the text forms read only the text). */
    public boolean carriesHistory() {
        return this == JSON;
    }

    public void write(Source doc, OutputStream out) throws IOException {
        writer.write(doc, out);
    }

    /** The format named {@code wire}, if this server writes it. */
    public static Optional<ExportFormat> fromWire(String wire) {
        for (ExportFormat f : values()) {
            if (f.wire.equals(wire)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static void text(Source doc, OutputStream out) throws IOException {
        out.write(doc.content().getBytes(StandardCharsets.UTF_8));
    }
}
