package dev.quire.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.server.document.DocumentQueries;
import dev.quire.server.document.DocumentRegistry;
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
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api/docs} (see docs/protocol.md, "REST"): routes each path and method
 * to the class that answers it ({@link DocumentRoutes}, {@link OpLogRoutes}, {@link CommentRoutes},
 * {@link DocumentExchange}, {@link ShareLinks}) after the checks they share: the method, the
 * caller's role on the document, its op rate and the body (a JSON object within the size limit).
 * Turns every failure into an error reply ({@link RestReplies}): {@code {"code":…,"message":…}} with
 * a 4xx/5xx status; an internal fault is logged once with a correlation id. Runs on Undertow's
 * worker threads (it blocks on storage reads and on an op becoming durable). Thread-safe.
 */
final class RestApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(RestApi.class);

    private final JsonCodec codec;
    private final long maxBodyBytes;
    private final ShareLinks shares;
    private final RestRateLimit rate;
    private final DocumentExchange exchangeRoutes;
    private final OpLogRoutes opLogRoutes;
    private final DocumentRoutes docRoutes;
    private final CommentRoutes commentRoutes;
    private final AuthorshipRoutes authorshipRoutes;
    private final ChatRoutes chatRoutes;
    private final SuggestionRoutes suggestionRoutes;
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
        this.rate = rate;
        this.codec = codec;
        this.maxBodyBytes = maxBodyBytes;
        this.shares = shares;
        this.exchangeRoutes = new DocumentExchange(registry, queries, codec);
        this.opLogRoutes = new OpLogRoutes(registry, queries, codec);
        this.docRoutes = new DocumentRoutes(registry, queries, codec);
        this.commentRoutes = new CommentRoutes(registry, codec);
        this.authorshipRoutes = new AuthorshipRoutes(queries, codec);
        this.chatRoutes = new ChatRoutes(registry, codec);
        this.suggestionRoutes = new SuggestionRoutes(registry, codec);
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
            docRoutes.list(exchange);
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
                docRoutes.delete(exchange, docId);
            } else {
                requireMethod(exchange, "GET");
                RestAccess.require(exchange, docId, Role.READ);
                docRoutes.text(exchange, docId);
            }
        } else if (parts.length == 2) {
            routeResource(exchange, docId, parts[1]);
        } else {
            throw notFound(exchange);
        }
    }

    /** Routes {@code /api/docs/{docId}/{resource}}: checks the method, access and rate, then calls. */
    private void routeResource(HttpServerExchange exchange, String docId, String resource) {
        boolean post = exchange.getRequestMethod().equals(Methods.POST);
        switch (resource) {
            case "ops" -> {
                if (post) {
                    Principal principal = RestAccess.require(exchange, docId, Role.WRITE);
                    if (!overRate(exchange, principal)) {
                        opLogRoutes.submit(exchange, docId, principal, readBody(exchange));
                    }
                } else {
                    requireMethod(exchange, "GET");
                    opLogRoutes.ops(exchange, docId, RestAccess.require(exchange, docId, Role.READ));
                }
            }
            case "title" -> {
                if (exchange.getRequestMethod().equals(Methods.PUT)) {
                    RestAccess.require(exchange, docId, Role.WRITE);
                    docRoutes.setTitle(exchange, docId, readBody(exchange));
                } else {
                    requireMethod(exchange, "GET");
                    RestAccess.require(exchange, docId, Role.READ);
                    docRoutes.title(exchange, docId);
                }
            }
            case "content", "append" -> script(exchange, docId, resource);
            case "named-versions" -> {
                if (post) {
                    RestAccess.require(exchange, docId, Role.WRITE);
                    docRoutes.nameVersion(exchange, docId, readBody(exchange));
                } else {
                    requireMethod(exchange, "GET");
                    RestAccess.require(exchange, docId, Role.READ);
                    docRoutes.namedVersions(exchange, docId);
                }
            }
            case "comments" -> {
                if (post) {
                    Principal p = RestAccess.require(exchange, docId, Role.COMMENT);
                    commentRoutes.change(exchange, docId, p, readBody(exchange));
                } else {
                    requireMethod(exchange, "GET");
                    RestAccess.require(exchange, docId, Role.READ);
                    commentRoutes.list(exchange, docId);
                }
            }
            case "authorship" -> {
                requireMethod(exchange, "GET");
                RestAccess.require(exchange, docId, Role.READ);
                authorshipRoutes.get(exchange, docId);
            }
            case "chat" -> {
                requireMethod(exchange, "GET");
                RestAccess.require(exchange, docId, Role.READ);
                chatRoutes.page(exchange, docId);
            }
            case "suggestions" -> {
                if (post) {
                    Principal p = RestAccess.require(exchange, docId, Role.COMMENT);
                    suggestionRoutes.change(exchange, docId, p, readBody(exchange));
                } else {
                    requireMethod(exchange, "GET");
                    RestAccess.require(exchange, docId, Role.READ);
                    suggestionRoutes.list(exchange, docId);
                }
            }
            case "export" -> {
                requireMethod(exchange, "GET");
                exchangeRoutes.export(exchange, docId, RestAccess.require(exchange, docId, Role.READ));
            }
            case "import" -> {
                requireMethod(exchange, "POST");
                exchangeRoutes.importDocument(exchange, docId, RestAccess.require(exchange, docId, Role.ADMIN));
            }
            case "share" -> {
                requireMethod(exchange, "POST");
                RestAccess.require(exchange, docId, Role.ADMIN);
                ShareLinks.Result r = shares.create(exchange, docId, readBody(exchange));
                json(exchange, r.status(), r.body());
            }
            default -> throw notFound(exchange);
        }
    }

    /** {@code PUT /api/docs/{id}/content} and {@code POST /api/docs/{id}/append}. */
    private void script(HttpServerExchange exchange, String docId, String resource) {
        requireMethod(exchange, resource.equals("content") ? "PUT" : "POST");
        Principal principal = RestAccess.require(exchange, docId, Role.WRITE);
        if (!overRate(exchange, principal)) {
            if (resource.equals("content")) {
                docRoutes.content(exchange, docId, principal, readBody(exchange));
            } else {
                docRoutes.append(exchange, docId, principal, readBody(exchange));
            }
        }
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

    private static void requireMethod(HttpServerExchange exchange, String method) {
        if (!exchange.getRequestMethod().toString().equals(method)) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE, "method " + exchange.getRequestMethod() + " not allowed here");
        }
    }

    private static ProtocolException notFound(HttpServerExchange exchange) {
        return new ProtocolException(ErrorCode.NOT_FOUND, "no such resource: " + exchange.getRequestPath());
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(ErrorCode.MALFORMED_MESSAGE, message);
    }

    private void error(HttpServerExchange exchange, ErrorCode code, String message) {
        meters.error(code);
        RestReplies.error(exchange, codec, code, message);
    }

    private void json(HttpServerExchange exchange, int status, JsonNode body) {
        RestReplies.json(exchange, codec, status, body);
    }
}
