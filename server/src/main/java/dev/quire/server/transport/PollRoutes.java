package dev.quire.server.transport;

import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.security.Principal;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP fallback of {@code /ws} (decision 025, {@code docs/protocol.md}): the same protocol v1
 * messages over plain HTTP, for networks that break WebSocket upgrades.
 *
 * <pre>
 * POST   /poll                      opens a connection: {"id":…,"pingIntervalMs":…,"peerTimeoutMs":…}
 * GET    /poll/{id}?received=K      long poll: confirms frames 1…K, answers frames K+1… (NDJSON)
 * POST   /poll/{id}?from=N          client messages N+1… one per line (NDJSON): {"received":R}
 * DELETE /poll/{id}                 closes it (1000)
 * </pre>
 *
 * Each connection's id is 128 random bits and is bound to the user who opened it (another user's
 * token gets 403 {@code forbidden}). A POST repeated after a lost answer is applied once: messages
 * the server already counted are skipped. Frames go through the same {@link ConnectionHub} as a
 * WebSocket's; only how they move differs ({@link PollLink}). Thread-safe.
 */
final class PollRoutes implements HttpHandler {
    static final String PATH = "/poll";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConnectionHub hub;
    private final Map<String, PollConnection> open = new ConcurrentHashMap<>();

    PollRoutes(ConnectionHub hub) {
        this.hub = hub;
    }

    /** Whether {@code path} is one of these routes. */
    static boolean handles(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    /** Whether the request opens a connection (counted against the user's cap). */
    static boolean opens(HttpServerExchange exchange) {
        return exchange.getRequestPath().equals(PATH)
                && exchange.getRequestMethod().equals(Methods.POST);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        // A poll only registers itself (no blocking); the rest reads a body or opens a session.
        if (exchange.isInIoThread() && !exchange.getRequestMethod().equals(Methods.GET)) {
            exchange.dispatch(this);
            return;
        }
        try {
            route(exchange);
        } catch (ProtocolException e) {
            answer(exchange, status(e.code()), body(e.code(), e.getMessage()));
        }
    }

    private void route(HttpServerExchange exchange) {
        Principal principal = exchange.getAttachment(AuthGate.PRINCIPAL);
        if (principal == null) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "unauthorized");
        }
        String path = exchange.getRequestPath();
        if (path.equals(PATH)) {
            if (!exchange.getRequestMethod().equals(Methods.POST)) {
                throw new ProtocolException(ErrorCode.NOT_SUPPORTED, "POST /poll opens a connection");
            }
            open(exchange, principal);
            return;
        }
        String id = path.substring(PATH.length() + 1);
        PollConnection poll = Optional.ofNullable(open.get(id))
                .orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND, "no open connection " + id));
        if (!poll.owner().equals(principal.userId())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "this connection belongs to another user");
        }
        poll.connection().seen();
        if (exchange.getRequestMethod().equals(Methods.GET)) {
            long received = number(exchange, "received");
            // Held without a thread: answered by the link, on the I/O thread.
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
                if (!poll.link().poll(exchange, received)) {
                    answer(
                            exchange,
                            400,
                            body(ErrorCode.MALFORMED_MESSAGE, "received=" + received + ": no such frame"));
                }
            });
        } else if (exchange.getRequestMethod().equals(Methods.POST)) {
            long from = number(exchange, "from");
            long received = poll.receive(exchange, from);
            answer(exchange, 200, "{\"received\":" + received + "}");
        } else if (exchange.getRequestMethod().equals(Methods.DELETE)) {
            poll.connection().close(1000, "client closed");
            exchange.setStatusCode(204);
            exchange.endExchange();
        } else {
            throw new ProtocolException(ErrorCode.NOT_SUPPORTED, "GET, POST or DELETE /poll/{id}");
        }
    }

    private void open(HttpServerExchange exchange, Principal principal) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        PollConnection poll = PollConnection.open(hub, principal, id);
        open.put(id, poll);
        if (!poll.link().isOpen()) {
            open.remove(id);
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many connections for this user");
        }
        TransportSettings s = hub.settings();
        answer(
                exchange,
                200,
                hub.codec()
                        .mapper()
                        .createObjectNode()
                        .put("id", id)
                        .put("pingIntervalMs", s.pingInterval().toMillis())
                        .put("peerTimeoutMs", s.peerTimeout().toMillis())
                        .put("maxMessageBytes", s.maxMessageBytes())
                        .toString());
    }

    /** Forgets connections closed longer than the peer timeout ago (their last poll had time to fetch the close). */
    void sweep() {
        long now = System.nanoTime();
        long grace = hub.settings().peerTimeout().toNanos();
        open.values()
                .removeIf(p -> p.link().closedAt().map(t -> now - t > grace).orElse(false));
    }

    /** How many fallback connections are known (open, or closed and not yet swept). */
    int size() {
        return open.size();
    }

    private static long number(HttpServerExchange exchange, String name) {
        String value = Optional.ofNullable(exchange.getQueryParameters().get(name))
                .map(java.util.Deque::peekFirst)
                .orElseThrow(() -> new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "missing ?" + name + "="));
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, name + " must be a count, found " + value);
    }

    private static int status(ErrorCode code) {
        return switch (code) {
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case NOT_SUPPORTED -> 405;
            case MESSAGE_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            default -> 400;
        };
    }

    private String body(ErrorCode code, String message) {
        return hub.codec()
                .mapper()
                .createObjectNode()
                .put("code", code.wire())
                .put("message", message)
                .toString();
    }

    private static void answer(HttpServerExchange exchange, int status, String json) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(json, StandardCharsets.UTF_8);
    }
}
