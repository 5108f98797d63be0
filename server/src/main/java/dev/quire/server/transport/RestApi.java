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
import dev.quire.server.fatal.FatalErrors;
import dev.quire.server.logging.LogIds;
import dev.quire.server.metrics.Meters;
import dev.quire.server.protocol.Correlation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.Ids;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.security.Principal;
import dev.quire.server.security.Role;
import dev.quire.server.storage.StorageException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api/docs} (see docs/protocol.md). Runs on Undertow's worker threads
 * (it blocks on storage reads and on an op becoming durable). Every error is a JSON body
 * {@code {"code":…,"message":…}} with a 4xx/5xx status.
 */
final class RestApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(RestApi.class);
    private static final int MAX_OPS_PER_REQUEST = 10_000;

    private final DocumentRegistry registry;
    private final DocumentQueries queries;
    private final JsonCodec codec;
    private final long maxBodyBytes;
    private final ShareLinks shares;
    private final RestRateLimit rate;
    private final DocumentExchange exchangeRoutes;
    private final DocumentRoutes docRoutes;
    private final CommentRoutes commentRoutes;
    private final Meters meters;

    RestApi(
            DocumentRegistry registry,
            DocumentQueries queries,
            JsonCodec codec,
            long maxBodyBytes,
            ShareLinks shares,
            RestRateLimit rate,
            Meters meters) {
        this.meters = meters;
        this.registry = registry;
        this.rate = rate;
        this.queries = queries;
        this.codec = codec;
        this.maxBodyBytes = maxBodyBytes;
        this.shares = shares;
        this.exchangeRoutes = new DocumentExchange(registry, queries, codec);
        this.docRoutes = new DocumentRoutes(registry, queries, codec);
        this.commentRoutes = new CommentRoutes(registry, codec);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        LogIds.enter(exchange.getAttachment(RequestLogIds.ID));
        try {
            route(exchange);
        } catch (ProtocolException e) {
            error(exchange, e.code(), e.getMessage());
        } catch (RuntimeException | Error e) {
            if (e instanceof StorageException s && s.isUnavailable()) {
                // A full disk: the store logs it once per interval; nothing to log per request.
                error(exchange, ErrorCode.STORAGE_UNAVAILABLE, "storage unavailable; retry later");
                return;
            }
            FatalErrors.haltIfFatal(e); // Undertow's worker would log and swallow it
            String id = Correlation.next();
            log.error("[{}] internal fault in {} {}", id, exchange.getRequestMethod(), exchange.getRequestPath(), e);
            error(exchange, ErrorCode.INTERNAL, "internal error " + id);
        } finally {
            LogIds.leave();
        }
    }

    private void route(HttpServerExchange exchange) {
        String path = exchange.getRelativePath();
        String rest = path.startsWith("/") ? path.substring(1) : path;
        if (rest.isEmpty()) {
            requireMethod(exchange, "GET");
            list(exchange);
            return;
        }
        String[] parts = rest.split("/", -1);
        String docId = parts[0];
        if (!Ids.isDocId(docId)) {
            throw new ProtocolException(ErrorCode.INVALID_DOC_ID, "document ids are " + Ids.DOC_ID_RULE);
        }
        if (parts.length == 1) {
            if (exchange.getRequestMethod().equals(Methods.DELETE)) {
                RestAccess.require(exchange, docId, Role.ADMIN);
                delete(exchange, docId);
            } else {
                requireMethod(exchange, "GET");
                RestAccess.require(exchange, docId, Role.READ);
                text(exchange, docId);
            }
        } else if (parts.length == 2 && parts[1].equals("ops")) {
            if (exchange.getRequestMethod().equals(Methods.POST)) {
                submit(exchange, docId, RestAccess.require(exchange, docId, Role.WRITE));
            } else {
                requireMethod(exchange, "GET");
                ops(exchange, docId, RestAccess.require(exchange, docId, Role.READ));
            }
        } else if (parts.length == 2 && parts[1].equals("title")) {
            if (exchange.getRequestMethod().equals(Methods.PUT)) {
                RestAccess.require(exchange, docId, Role.WRITE);
                docRoutes.setTitle(exchange, docId, readBody(exchange));
            } else {
                requireMethod(exchange, "GET");
                RestAccess.require(exchange, docId, Role.READ);
                docRoutes.title(exchange, docId);
            }
        } else if (parts.length == 2 && (parts[1].equals("content") || parts[1].equals("append"))) {
            requireMethod(exchange, parts[1].equals("content") ? "PUT" : "POST");
            Principal principal = RestAccess.require(exchange, docId, Role.WRITE);
            if (!overRate(exchange, principal)) {
                if (parts[1].equals("content")) {
                    docRoutes.content(exchange, docId, principal, readBody(exchange));
                } else {
                    docRoutes.append(exchange, docId, principal, readBody(exchange));
                }
            }
        } else if (parts.length == 2 && parts[1].equals("named-versions")) {
            if (exchange.getRequestMethod().equals(Methods.POST)) {
                RestAccess.require(exchange, docId, Role.WRITE);
                docRoutes.nameVersion(exchange, docId, readBody(exchange));
            } else {
                requireMethod(exchange, "GET");
                RestAccess.require(exchange, docId, Role.READ);
                docRoutes.namedVersions(exchange, docId);
            }
        } else if (parts.length == 2 && parts[1].equals("comments")) {
            if (exchange.getRequestMethod().equals(Methods.POST)) {
                Principal p = RestAccess.require(exchange, docId, Role.COMMENT);
                commentRoutes.change(exchange, docId, p, readBody(exchange));
            } else {
                requireMethod(exchange, "GET");
                RestAccess.require(exchange, docId, Role.READ);
                commentRoutes.list(exchange, docId);
            }
        } else if (parts.length == 2 && parts[1].equals("export")) {
            requireMethod(exchange, "GET");
            exchangeRoutes.export(exchange, docId, RestAccess.require(exchange, docId, Role.READ));
        } else if (parts.length == 2 && parts[1].equals("import")) {
            requireMethod(exchange, "POST");
            exchangeRoutes.importDocument(exchange, docId, RestAccess.require(exchange, docId, Role.ADMIN));
        } else if (parts.length == 2 && parts[1].equals("share")) {
            requireMethod(exchange, "POST");
            RestAccess.require(exchange, docId, Role.ADMIN);
            ShareLinks.Result r = shares.create(exchange, docId, readBody(exchange));
            json(exchange, r.status(), r.body());
        } else {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no such resource: " + exchange.getRequestPath());
        }
    }

    private void list(HttpServerExchange exchange) {
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
        json(exchange, 200, body);
    }

    private void text(HttpServerExchange exchange, String docId) {
        DocumentQueries.Text t = queries.text(docId, RestParams.intParam(exchange, "version"));
        json(
                exchange,
                200,
                codec.mapper()
                        .createObjectNode()
                        .put("id", t.docId())
                        .put("version", t.version())
                        .put("content", t.content()));
    }

    private void ops(HttpServerExchange exchange, String docId, Principal principal) {
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
        json(exchange, 200, body);
    }

    /** Whether the caller is over its op rate; if so, answers 429 with when to retry. */
    private boolean overRate(HttpServerExchange exchange, Principal principal) {
        OptionalLong retryAfterMs = rate.take(exchange, principal);
        if (retryAfterMs.isEmpty()) {
            return false;
        }
        long ms = retryAfterMs.getAsLong();
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString((ms + 999) / 1000));
        ObjectNode body = codec.mapper().createObjectNode().put("code", ErrorCode.RATE_LIMITED.wire());
        body.put("message", "over the op rate of this caller; resend this op after " + ms + " ms");
        json(exchange, 429, body.put("retryAfterMs", ms));
        return true;
    }

    private void submit(HttpServerExchange exchange, String docId, Principal principal) {
        if (overRate(exchange, principal)) {
            return;
        }
        JsonNode body = readBody(exchange);
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
        Applied applied = await(registry.submit(docId, new Submission(version.asInt(), parsed, origin)));
        ObjectNode out = codec.mapper().createObjectNode().put("version", applied.version());
        out.putRawValue("op", opNode(applied.op()));
        json(exchange, 200, out);
    }

    private void delete(HttpServerExchange exchange, String docId) {
        if (!await(registry.delete(docId))) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no document " + docId);
        }
        exchange.setStatusCode(204);
        exchange.endExchange();
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProtocolException p) {
                throw p;
            }
            if (e.getCause() instanceof StorageException s && s.isUnavailable()) {
                throw new ProtocolException(ErrorCode.STORAGE_UNAVAILABLE, "storage unavailable; retry later");
            }
            throw new IllegalStateException("operation failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("operation timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private JsonNode readBody(HttpServerExchange exchange) {
        byte[] bytes = RequestBody.read(exchange, maxBodyBytes);
        try {
            JsonNode node = codec.mapper().readTree(new String(bytes, StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw malformed("expected a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw malformed("body is not JSON");
        }
    }

    /** The op in its one JSON form, embedded as it is. */
    private static RawValue opNode(TextOperation op) {
        return new RawValue(op.toString());
    }

    private static void requireMethod(HttpServerExchange exchange, String method) {
        if (!exchange.getRequestMethod().toString().equals(method)) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE, "method " + exchange.getRequestMethod() + " not allowed here");
        }
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(ErrorCode.MALFORMED_MESSAGE, message);
    }

    static int status(ErrorCode code) {
        return switch (code) {
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND, COMMENT_NOT_FOUND -> 404;
            case VERSION_OUT_OF_RANGE, DOCUMENT_DELETED, DOCUMENT_EXISTS -> 409;
            case HISTORY_COMPACTED -> 410;
            case INVALID_IMPORT -> 422;
            case SHUTTING_DOWN -> 503;
            case NOT_SUPPORTED -> 501;
            case MESSAGE_TOO_LARGE, DOCUMENT_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case INTERNAL -> 500;
            case STORAGE_UNAVAILABLE -> 503;
            case RETRY_LATER -> 503;
            default -> 400;
        };
    }

    private void error(HttpServerExchange exchange, ErrorCode code, String message) {
        meters.error(code);
        error(exchange, codec, code, message);
    }

    /** Answers {@code {"code":…,"message":…}} with the code's status (ends a response already under way). */
    static void error(HttpServerExchange exchange, JsonCodec codec, ErrorCode code, String message) {
        if (exchange.isResponseStarted()) {
            exchange.endExchange();
            return;
        }
        ObjectNode body = codec.mapper().createObjectNode().put("code", code.wire());
        json(exchange, codec, status(code), body.put("message", message));
    }

    private void json(HttpServerExchange exchange, int status, JsonNode body) {
        json(exchange, codec, status, body);
    }

    static void json(HttpServerExchange exchange, JsonCodec codec, int status, JsonNode body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        try {
            exchange.getResponseSender().send(codec.mapper().writeValueAsString(body), StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
