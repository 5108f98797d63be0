package dev.quire.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.quire.ot.TextOperation;
import dev.quire.ot.server.Applied;
import dev.quire.server.document.DocumentQueries;
import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.document.Origin;
import dev.quire.server.document.Submission;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.User;
import dev.quire.server.security.Principal;
import dev.quire.server.security.Role;
import dev.quire.server.storage.NamedVersion;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;
import java.util.Optional;

/**
 * The routes of the documents beyond their op log (docs/protocol.md, "REST"): the list
 * ({@code GET /api/docs?limit=&after=&q=}), a document's text ({@code GET /api/docs/{id}?version=})
 * and its deletion ({@code DELETE /api/docs/{id}}), its title ({@code GET|PUT /api/docs/{id}/title}),
 * its text replaced or extended by a script without counting offsets ({@code PUT
 * /api/docs/{id}/content}, {@code POST /api/docs/{id}/append}), and its named versions
 * ({@code GET|POST /api/docs/{id}/named-versions}). Runs on Undertow's worker threads, like
 * {@link RestApi}, which checks access and the rate before calling.
 */
final class DocumentRoutes {
    /** The longest title or version name, in UTF-16 code units. */
    static final int MAX_TITLE = 200;

    private final DocumentRegistry registry;
    private final DocumentQueries queries;
    private final JsonCodec codec;

    DocumentRoutes(DocumentRegistry registry, DocumentQueries queries, JsonCodec codec) {
        this.registry = registry;
        this.queries = queries;
        this.codec = codec;
    }

    void list(HttpServerExchange exchange) {
        int limit = RestParams.intParam(exchange, "limit").orElse(50);
        if (limit < 1 || limit > 1000) {
            throw malformed("limit: expected 1..1000, found " + limit);
        }
        Optional<String> after = RestParams.param(exchange, "after");
        String q = RestParams.param(exchange, "q").orElse("").strip().toLowerCase(java.util.Locale.ROOT);
        DocumentQueries.Page page;
        try {
            // q: the documents whose id or title contains it, ignoring case.
            page = queries.list(
                    limit,
                    after,
                    d -> RestAccess.principal(exchange).may(d.docId(), Role.READ)
                            && (q.isEmpty()
                                    || d.docId()
                                            .toLowerCase(java.util.Locale.ROOT)
                                            .contains(q)
                                    || d.title()
                                            .toLowerCase(java.util.Locale.ROOT)
                                            .contains(q)));
        } catch (IllegalArgumentException e) {
            throw malformed("after: not a cursor from this server");
        }
        ObjectNode body = codec.mapper().createObjectNode();
        ArrayNode docs = body.putArray("docs");
        for (DocumentQueries.Info d : page.docs()) {
            docs.addObject()
                    .put("id", d.docId())
                    .put("version", d.version())
                    .put("length", d.length())
                    .put("updated", d.updated().toString())
                    .put("title", d.title());
        }
        body.put("next", page.next().orElse(null));
        json(exchange, body);
    }

    void text(HttpServerExchange exchange, String docId) {
        DocumentQueries.Text t = queries.text(docId, RestParams.intParam(exchange, "version"));
        json(
                exchange,
                codec.mapper()
                        .createObjectNode()
                        .put("id", t.docId())
                        .put("version", t.version())
                        .put("content", t.content()));
    }

    void delete(HttpServerExchange exchange, String docId) {
        if (!RestReplies.await(registry.delete(docId))) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no document " + docId);
        }
        exchange.setStatusCode(204);
        exchange.endExchange();
    }

    void title(HttpServerExchange exchange, String docId) {
        DocumentQueries.Info info = queries.info(docId);
        json(exchange, codec.mapper().createObjectNode().put("id", docId).put("title", info.title()));
    }

    /** Sets the title; a document not stored yet is created (naming it is a reason to keep it). */
    void setTitle(HttpServerExchange exchange, String docId, JsonNode body) {
        String title = label(body, "title");
        RestReplies.await(registry.setTitle(docId, title));
        json(exchange, codec.mapper().createObjectNode().put("id", docId).put("title", title));
    }

    /**
     * Replaces the whole text with {@code content}: the server diffs it against the current text
     * and submits the difference as one op based on the version it read, so edits others make
     * meanwhile are kept (transformed like any concurrent op).
     */
    void content(HttpServerExchange exchange, String docId, Principal principal, JsonNode body) {
        String content = string(body, "content");
        DocumentQueries.Text current = currentText(docId);
        submit(exchange, docId, principal, body, current.version(), TextOperation.diff(current.content(), content));
    }

    /** Appends {@code text} at the end of the document as of its current version. */
    void append(HttpServerExchange exchange, String docId, Principal principal, JsonNode body) {
        String text = string(body, "text");
        DocumentQueries.Text current = currentText(docId);
        int length = current.content().length();
        submit(exchange, docId, principal, body, current.version(), TextOperation.insert(length, text, length));
    }

    void namedVersions(HttpServerExchange exchange, String docId) {
        queries.info(docId);
        ObjectNode out = codec.mapper().createObjectNode().put("id", docId);
        ArrayNode list = out.putArray("namedVersions");
        for (NamedVersion n : queries.namedVersions(docId)) {
            list.addObject()
                    .put("version", n.version())
                    .put("name", n.name())
                    .put("time", n.time().toString());
        }
        json(exchange, out);
    }

    /** Names a version ({@code {"version":N,"name":"…"}}; an empty name removes it). */
    void nameVersion(HttpServerExchange exchange, String docId, JsonNode body) {
        JsonNode v = body.get("version");
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw malformed("version: expected an integer >= 0");
        }
        String name = label(body, "name");
        int current = queries.info(docId).version();
        if (v.asInt() > current) {
            throw new ProtocolException(
                    ErrorCode.VERSION_OUT_OF_RANGE, "version " + v.asInt() + " is outside 0.." + current);
        }
        if (!RestReplies.await(registry.nameVersion(docId, v.asInt(), name, Instant.now()))) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no document " + docId);
        }
        json(
                exchange,
                codec.mapper().createObjectNode().put("version", v.asInt()).put("name", name));
    }

    private DocumentQueries.Text currentText(String docId) {
        try {
            return queries.text(docId, Optional.empty());
        } catch (ProtocolException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return new DocumentQueries.Text(docId, 0, ""); // the first edit stores the document
            }
            throw e;
        }
    }

    private void submit(
            HttpServerExchange exchange,
            String docId,
            Principal principal,
            JsonNode body,
            int version,
            TextOperation op) {
        ObjectNode out = codec.mapper().createObjectNode();
        if (op.isNoop()) {
            json(exchange, out.put("version", version).putRawValue("op", new RawValue(op.toString())));
            return;
        }
        Applied applied =
                RestReplies.await(registry.submit(docId, new Submission(version, op, origin(principal, body))));
        out.put("version", applied.version());
        json(exchange, out.putRawValue("op", new RawValue(applied.op().toString())));
    }

    /** Who a script's op is from: the body's {@code author}, or the token's name when there is one. */
    static Origin origin(Principal principal, JsonNode body) {
        JsonNode author = body.get("author");
        if (author != null && !author.isNull() && !author.isTextual()) {
            throw malformed("author: expected a string");
        }
        Optional<String> name = author == null || author.isNull() ? Optional.empty() : Optional.of(author.asText());
        // With authentication on the author is the token's name, not what the body says.
        String who = principal.isTrusted() ? User.cleanName(name) : principal.displayName();
        return new Origin.Script(who, principal.userId());
    }

    private static String string(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual()) {
            throw malformed(field + ": expected a string");
        }
        return n.asText();
    }

    /**
     * A title or version name: any text of at most {@value #MAX_TITLE} characters without control
     * characters, trimmed; {@code ""} clears it.
     */
    static String label(JsonNode body, String field) {
        String raw = string(body, field);
        String value = raw.strip();
        if (value.length() > MAX_TITLE) {
            throw malformed(field + ": expected at most " + MAX_TITLE + " characters, found " + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw malformed(field + ": control characters (such as line breaks) are not allowed");
        }
        return value;
    }

    private void json(HttpServerExchange exchange, JsonNode body) {
        RestReplies.json(exchange, codec, 200, body);
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(ErrorCode.MALFORMED_MESSAGE, message);
    }
}
