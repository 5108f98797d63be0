package dev.quire.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.quire.ot.InvalidOperationException;
import dev.quire.ot.TextOperation;
import dev.quire.ot.server.Applied;
import dev.quire.server.document.DocumentQueries;
import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.document.Origin;
import dev.quire.server.document.Submission;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.security.Principal;
import dev.quire.server.security.Role;
import io.undertow.server.HttpServerExchange;

/**
 * A document's op log over REST (docs/protocol.md, "REST"): its ops read by version range
 * ({@code GET /api/docs/{id}/ops?from=&to=}, at most {@value #MAX_OPS_PER_REQUEST} per request) and
 * one op submitted against a version ({@code POST /api/docs/{id}/ops}), answered once it is durable.
 * Runs on Undertow's worker threads, like {@link RestApi}, which checks access and the rate before
 * calling.
 */
final class OpLogRoutes {
    private static final int MAX_OPS_PER_REQUEST = 10_000;

    private final DocumentRegistry registry;
    private final DocumentQueries queries;
    private final JsonCodec codec;

    OpLogRoutes(DocumentRegistry registry, DocumentQueries queries, JsonCodec codec) {
        this.registry = registry;
        this.queries = queries;
        this.codec = codec;
    }

    void ops(HttpServerExchange exchange, String docId, Principal principal) {
        int from = RestParams.intParam(exchange, "from").orElse(1);
        int to = RestParams.intParam(exchange, "to").orElse(Integer.MAX_VALUE);
        if (from < 0 || to < from) {
            throw malformed("expected 0 <= from <= to, found from=" + from + " to=" + to);
        }
        int capped = (int) Math.min(to, (long) from + MAX_OPS_PER_REQUEST);
        ObjectNode body = codec.mapper().createObjectNode().put("id", docId);
        ArrayNode ops = body.putArray("ops");
        for (DocumentQueries.LoggedOp o : queries.ops(docId, from, capped)) {
            ObjectNode n = ops.addObject().put("version", o.version());
            n.putRawValue("op", opNode(o.op()));
            n.put("author", o.origin().author());
            if (o.origin() instanceof Origin.Session s) {
                n.put("clientId", s.clientId());
                if (principal.may(docId, Role.ADMIN)) { // A (session, seq) is an exactly-once key: admins only.
                    n.put("session", Principal.clientSession(s.session())).put("seq", s.seq());
                }
            } else {
                n.put("clientId", "");
            }
            n.put("time", o.time().toString());
        }
        RestReplies.json(exchange, codec, 200, body);
    }

    /** Submits {@code {"version":N,"op":[…]}} and answers the op as applied, transformed if need be. */
    void submit(HttpServerExchange exchange, String docId, Principal principal, JsonNode body) {
        JsonNode version = body.get("version");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt() || version.asInt() < 0) {
            throw malformed("version: expected an integer >= 0");
        }
        JsonNode op = body.get("op");
        if (op == null || !op.isArray()) {
            throw malformed("op: expected an array");
        }
        TextOperation parsed;
        try {
            parsed = JsonCodec.parseOp((ArrayNode) op);
        } catch (InvalidOperationException e) {
            throw new ProtocolException(ErrorCode.INVALID_OP, e.getMessage());
        }
        Origin origin = DocumentRoutes.origin(principal, body);
        Applied applied = RestReplies.await(registry.submit(docId, new Submission(version.asInt(), parsed, origin)));
        ObjectNode out = codec.mapper().createObjectNode().put("version", applied.version());
        out.putRawValue("op", opNode(applied.op()));
        RestReplies.json(exchange, codec, 200, out);
    }

    /** The op in its one JSON form, embedded as it is. */
    private static RawValue opNode(TextOperation op) {
        return new RawValue(op.toString());
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(ErrorCode.MALFORMED_MESSAGE, message);
    }
}
