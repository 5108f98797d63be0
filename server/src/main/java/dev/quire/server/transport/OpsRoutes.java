package dev.quire.server.transport;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.server.logging.LogIds;
import dev.quire.server.metrics.EditorActivity;
import dev.quire.server.metrics.MeterHistory;
import dev.quire.server.metrics.Meters;
import dev.quire.server.metrics.Observability;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.security.AuthException;
import dev.quire.server.security.Authenticator;
import dev.quire.server.security.Principal;
import dev.quire.server.security.Role;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The operators' routes: {@code /health} (liveness), {@code /ready} (readiness), {@code /metrics}
 * (Prometheus text format 0.0.4) and {@code /admin/status} (the admin page's data; the page itself,
 * {@code /admin}, holds no data and is served as a static file). With authentication on,
 * {@code /metrics} needs an admin token or the {@code --metrics-token}, {@code /admin/status} an
 * admin token: a token granting {@code admin} on {@code *}. Runs on a worker thread (the checks
 * read the database). Thread-safe.
 */
final class OpsRoutes implements HttpHandler {
    static final List<String> PATHS = List.of("/health", "/ready", "/metrics", "/admin/status");

    private final Observability ops;
    private final Authenticator authenticator;
    private final JsonCodec codec;
    private final IntSupplier connections;
    private final IntSupplier documents;

    OpsRoutes(
            Observability ops,
            Authenticator authenticator,
            JsonCodec codec,
            IntSupplier connections,
            IntSupplier documents) {
        this.ops = ops;
        this.authenticator = authenticator;
        this.codec = codec;
        this.connections = connections;
        this.documents = documents;
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
        } finally {
            LogIds.leave();
        }
    }

    private void route(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.GET)
                && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            refuse(
                    exchange,
                    405,
                    ErrorCode.MALFORMED_MESSAGE,
                    "method " + exchange.getRequestMethod() + " not allowed");
            return;
        }
        switch (exchange.getRequestPath()) {
            case "/health" -> health(exchange);
            case "/ready" -> ready(exchange);
            case "/metrics" -> {
                if (allowed(exchange, true)) {
                    send(exchange, 200, Meters.CONTENT_TYPE, ops.meters().scrape());
                }
            }
            case "/admin/status" -> {
                if (allowed(exchange, false)) {
                    json(exchange, 200, status());
                }
            }
            default -> refuse(exchange, 404, ErrorCode.NOT_FOUND, "no such resource");
        }
    }

    private void health(HttpServerExchange exchange) {
        List<String> problems = ops.health().liveness();
        ObjectNode body = codec.mapper().createObjectNode().put("status", problems.isEmpty() ? "ok" : "failing");
        if (!problems.isEmpty()) {
            problems.forEach(body.putArray("problems")::add);
        }
        json(exchange, problems.isEmpty() ? 200 : 503, body);
    }

    private void ready(HttpServerExchange exchange) {
        List<String> problems = ops.health().readiness();
        ObjectNode body = codec.mapper()
                .createObjectNode()
                .put("status", problems.isEmpty() ? "ready" : "not-ready")
                .put("state", ops.health().lifecycle().state().wire());
        if (!problems.isEmpty()) {
            problems.forEach(body.putArray("problems")::add);
        }
        json(exchange, problems.isEmpty() ? 200 : 503, body);
    }

    /**
     * Whether the request may read operators' data; if not, answers 401 or 403. With
     * authentication off, anyone may, except that {@code /metrics} then needs the metrics token
     * when one is set.
     */
    private boolean allowed(HttpServerExchange exchange, boolean metrics) {
        Optional<String> token = bearer(exchange);
        if (metrics && ops.metricsToken().isPresent()) {
            if (token.isPresent() && sameToken(token.get(), ops.metricsToken().get())) {
                return true;
            }
            if (!authenticator.enabled()) {
                unauthorized(exchange, "send Authorization: Bearer <metrics token>");
                return false;
            }
        }
        if (!authenticator.enabled()) {
            return true;
        }
        if (token.isEmpty()) {
            unauthorized(exchange, "no token: send Authorization: Bearer <jwt>");
            return false;
        }
        Principal principal;
        try {
            principal = authenticator.authenticate(token.get());
        } catch (AuthException e) {
            unauthorized(exchange, e.getMessage());
            return false;
        }
        if (principal.grants().patterns().get("*") != Role.ADMIN) {
            refuse(exchange, 403, ErrorCode.FORBIDDEN, "needs a token granting admin on *");
            return false;
        }
        return true;
    }

    private static boolean sameToken(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> bearer(HttpServerExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(authorization.substring(7).strip());
        }
        return Optional.empty();
    }

    private ObjectNode status() {
        ObjectNode body = codec.mapper()
                .createObjectNode()
                .put("version", ops.version())
                .put("connections", connections.getAsInt())
                .put("documentsOpen", documents.getAsInt())
                .put("editors", ops.meters().activity().editors())
                .put("journalLag", ops.health().store().journalLag());
        List<String> live = ops.health().liveness();
        List<String> ready = ops.health().readiness();
        body.put("health", live.isEmpty() ? "ok" : "failing");
        body.put("ready", ready.isEmpty() ? "ready" : "not-ready");
        ArrayNode problems = body.putArray("problems");
        ready.forEach(problems::add);
        ArrayNode docs = body.putArray("documents");
        for (EditorActivity.DocumentEditors d : ops.meters().activity().documents()) {
            ArrayNode names = docs.addObject().put("id", d.docId()).putArray("editors");
            d.editors().forEach(names::add);
        }
        ArrayNode history = body.putArray("history");
        for (MeterHistory.Interval i : ops.history().intervals()) {
            history.addObject()
                    .put("end", i.endMillis())
                    .put("opsPerSecond", i.opsPerSecond())
                    .put("commitMeanMs", i.commitMeanMs())
                    .put("commitP99Ms", i.commitP99Ms())
                    .put("broadcastMeanMs", i.broadcastMeanMs())
                    .put("broadcastP99Ms", i.broadcastP99Ms());
        }
        return body;
    }

    private void unauthorized(HttpServerExchange exchange, String message) {
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
        refuse(exchange, 401, ErrorCode.UNAUTHORIZED, message);
    }

    private void refuse(HttpServerExchange exchange, int status, ErrorCode code, String message) {
        ops.meters().error(code);
        json(
                exchange,
                status,
                codec.mapper().createObjectNode().put("code", code.wire()).put("message", message));
    }

    private void json(HttpServerExchange exchange, int status, ObjectNode body) {
        send(exchange, status, "application/json; charset=utf-8", body.toString());
    }

    private static void send(HttpServerExchange exchange, int status, String contentType, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
    }
}
