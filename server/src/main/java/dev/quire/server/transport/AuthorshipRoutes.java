package dev.quire.server.transport;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.ot.Authorship;
import dev.quire.server.document.DocumentQueries;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;

/**
 * {@code GET /api/docs/{id}/authorship?version=} (issue 17): who inserted each span of the text
 * at a version, the current one by default, as durable (docs/protocol.md, "Authorship").
 */
final class AuthorshipRoutes {
    private final DocumentQueries queries;
    private final JsonCodec codec;

    AuthorshipRoutes(DocumentQueries queries, JsonCodec codec) {
        this.queries = queries;
        this.codec = codec;
    }

    /**
     * Answers {@code {"id":…,"version":…,"spans":[{"from":0,"to":7,"author":"Ada","time":"…Z"},…]}};
     * a span of text from before authorship was recorded has the author {@code ""} and no time.
     */
    void get(HttpServerExchange exchange, String docId) {
        DocumentQueries.Attribution a = queries.authorship(docId, RestParams.intParam(exchange, "version"));
        ObjectNode body = codec.mapper().createObjectNode().put("id", a.docId()).put("version", a.version());
        ArrayNode spans = body.putArray("spans");
        for (Authorship.Span s : a.spans()) {
            ObjectNode n =
                    spans.addObject().put("from", s.from()).put("to", s.to()).put("author", s.author());
            if (s.time() != 0) {
                n.put("time", Instant.ofEpochMilli(s.time()).toString());
            }
        }
        RestReplies.json(exchange, codec, 200, body);
    }
}
