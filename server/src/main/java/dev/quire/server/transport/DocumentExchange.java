package dev.quire.server.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.ot.TextOperation;
import dev.quire.server.document.DocumentQueries;
import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.exchange.DocumentJson;
import dev.quire.server.exchange.ExportFormat;
import dev.quire.server.exchange.ImportCheck;
import dev.quire.server.protocol.ChatMessage;
import dev.quire.server.protocol.CommentView;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.User;
import dev.quire.server.security.Principal;
import dev.quire.server.security.Role;
import dev.quire.server.storage.OpRecord;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code GET /api/docs/{id}/export?format=json|txt|md|html} (read; the admin-only columns of the op log
 * for admins) and {@code POST /api/docs/{id}/import} (admin), for {@link RestApi}, on a worker
 * thread. An export streams the op log page by page; an import is checked whole
 * ({@link ImportCheck}) before anything is stored.
 */
final class DocumentExchange {
    /** The largest import body: a history is larger than its text, so not the message limit. */
    static final long MAX_IMPORT_BYTES = 256L << 20;

    private static final int PAGE = 10_000;

    private final DocumentRegistry registry;
    private final DocumentQueries queries;
    private final JsonCodec codec;

    DocumentExchange(DocumentRegistry registry, DocumentQueries queries, JsonCodec codec) {
        this.registry = registry;
        this.queries = queries;
        this.codec = codec;
    }

    void export(HttpServerExchange exchange, String docId, Principal principal) {
        String wire = RestParams.param(exchange, "format").orElse(ExportFormat.JSON.wire());
        ExportFormat format = ExportFormat.fromWire(wire)
                .orElseThrow(() -> new ProtocolException(
                        ErrorCode.MALFORMED_MESSAGE,
                        "format: expected json, txt, md or html, found \"" + JsonCodec.abbreviate(wire) + "\""));
        // Comments first, at the durable version; then the text and ops at that same version.
        List<CommentView> comments = List.of();
        List<dev.quire.server.protocol.SuggestionView> suggestions = List.of();
        Optional<Integer> at = Optional.empty();
        if (format.carriesHistory()) {
            DocumentRegistry.Annotations a = RestReplies.await(registry.annotations(docId));
            ServerMessage.Comments c = a.comments();
            comments = c.comments();
            suggestions = a.suggestions().suggestions();
            at = c.version() > 0 ? Optional.of(c.version()) : Optional.empty();
        }
        List<ChatMessage> chat = format.carriesHistory() ? wholeChat(docId) : List.of();
        DocumentQueries.Text text = queries.text(docId, at);
        DocumentJson.Detail detail =
                principal.may(docId, Role.ADMIN) ? DocumentJson.Detail.FULL : DocumentJson.Detail.PUBLIC;
        Iterable<OpRecord> ops = format.carriesHistory() ? () -> new Pages(docId, text.version()) : List.of();
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, format.mediaType());
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"" + docId + "." + format.wire() + "\"");
        exchange.startBlocking();
        try (OutputStream out = exchange.getOutputStream()) {
            format.write(
                    new ExportFormat.Source(
                            docId, text.version(), text.content(), ops, comments, suggestions, chat, detail),
                    out);
        } catch (IOException e) {
            // The client went away mid-download; nothing to answer.
            exchange.setPersistent(false);
        }
    }

    /** Every chat message of a document, oldest first, read a page at a time from the newest. */
    private List<ChatMessage> wholeChat(String docId) {
        List<ChatMessage> newestPagesFirst = new ArrayList<>();
        OptionalLong before = OptionalLong.empty();
        while (true) {
            ServerMessage.ChatHistory page = registry.chatPage(docId, before, ChatMessage.PAGE);
            newestPagesFirst.addAll(0, page.messages());
            if (!page.more() || page.messages().isEmpty()) {
                return newestPagesFirst;
            }
            before = OptionalLong.of(page.messages().get(0).id());
        }
    }

    /** The op log up to {@code version}, read {@value #PAGE} rows at a time. */
    private final class Pages implements Iterator<OpRecord> {
        private final String docId;
        private final int version;
        private Iterator<OpRecord> page = List.<OpRecord>of().iterator();
        private int next = 1;

        Pages(String docId, int version) {
            this.docId = docId;
            this.version = version;
        }

        @Override
        public boolean hasNext() {
            if (!page.hasNext() && next <= version) {
                int to = (int) Math.min((long) version + 1, (long) next + PAGE);
                List<OpRecord> rows = queries.records(docId, next, to);
                if (rows.size() != to - next) {
                    // Deleted while it was being read: the answer is already under way, so cut it short.
                    throw new UncheckedIOException(new IOException("document " + docId + " changed during export"));
                }
                page = rows.iterator();
                next = to;
            }
            return page.hasNext();
        }

        @Override
        public OpRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.next();
        }
    }

    /**
     * Imports a JSON history ({@code application/json}), or a text as one op by the caller
     * ({@code text/plain}, {@code text/markdown}); answers 201 with the new version.
     */
    void importDocument(HttpServerExchange exchange, String docId, Principal principal) {
        byte[] body = RequestBody.read(exchange, MAX_IMPORT_BYTES);
        String type = Optional.ofNullable(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE))
                .orElse("application/json")
                .toLowerCase(java.util.Locale.ROOT);
        DocumentJson.Document doc;
        if (type.startsWith("text/plain") || type.startsWith("text/markdown")) {
            doc = fromText(docId, new String(body, StandardCharsets.UTF_8), principal);
        } else if (type.startsWith("application/json")) {
            doc = DocumentJson.read(body, docId);
        } else {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE,
                    "Content-Type: expected application/json, text/plain or text/markdown");
        }
        ImportCheck.check(doc);
        RestReplies.await(registry.importHistory(docId, doc.ops(), doc.content()));
        RestReplies.await(registry.importChat(docId, doc.chat()));
        RestReplies.await(registry.importRanges(docId, doc.comments(), doc.suggestions()));
        ObjectNode out = codec.mapper()
                .createObjectNode()
                .put("id", docId)
                .put("version", doc.version())
                .put("ops", doc.ops().size());
        RestReplies.json(exchange, codec, 201, out);
    }

    private static DocumentJson.Document fromText(String docId, String text, Principal principal) {
        List<OpRecord> ops = new ArrayList<>(1);
        if (!text.isEmpty()) {
            String author = principal.isTrusted() ? User.cleanName(Optional.empty()) : principal.displayName();
            String op = TextOperation.builder().insert(text).build().toString();
            ops.add(new OpRecord(docId, 1, op, 0, 0, "", 0, "", author, Instant.now()));
        }
        return new DocumentJson.Document(docId, ops.size(), text, ops);
    }
}
