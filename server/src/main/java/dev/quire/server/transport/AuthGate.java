package dev.quire.server.transport;

import dev.quire.server.metrics.Meters;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.security.AuthException;
import dev.quire.server.security.Authenticator;
import dev.quire.server.security.Principal;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Authentication in front of {@code /ws}, its HTTP fallback {@code /poll} and the REST API ({@code /api/docs}, {@code /api/admin},
 * every path under {@code /api/}): finds the bearer token, has the
 * {@link Authenticator} check it and attaches the {@link Principal} to the exchange
 * ({@link #PRINCIPAL}) for the WebSocket handshake and the REST handlers. A missing, forged or
 * expired token is answered {@code 401 {"code":"unauthorized",…}} here, before any upgrade or
 * handler runs; a user at its WebSocket connection cap gets {@code 429}. With authentication off
 * every request is {@link Principal#trusted()}. Other paths (static files, {@code /health}) pass
 * untouched. Thread-safe.
 *
 * <p>The token is read from {@code Authorization: Bearer <jwt>} or, on {@code /ws} only, from the
 * {@code Sec-WebSocket-Protocol} list entry {@code quire.bearer.<jwt>} (browsers cannot set headers
 * on a WebSocket). It is never logged or echoed.
 */
final class AuthGate implements HttpHandler {
    static final AttachmentKey<Principal> PRINCIPAL = AttachmentKey.create(Principal.class);
    /** The prefix of the subprotocol entry carrying a token. */
    static final String BEARER_PROTOCOL = "quire.bearer.";

    private static final HttpString SEC_WEBSOCKET_PROTOCOL = new HttpString("Sec-WebSocket-Protocol");

    private final Authenticator authenticator;
    private final UserConnections users;
    private final JsonCodec codec;
    private final HttpHandler next;
    private final Meters meters;

    AuthGate(Authenticator authenticator, UserConnections users, JsonCodec codec, HttpHandler next, Meters meters) {
        this.meters = meters;
        this.authenticator = authenticator;
        this.users = users;
        this.codec = codec;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        boolean ws = path.equals("/ws");
        boolean poll = PollRoutes.handles(path);
        if (!ws && !poll && !path.equals("/api") && !path.startsWith("/api/")) {
            next.handleRequest(exchange);
            return;
        }
        Principal principal;
        try {
            principal = authenticator.enabled()
                    ? authenticator.authenticate(token(exchange, ws)
                            .orElseThrow(() -> new AuthException("no token: send Authorization: Bearer <jwt>"
                                    + (ws ? " or the subprotocol " + BEARER_PROTOCOL + "<jwt>" : ""))))
                    : Principal.trusted();
        } catch (AuthException e) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            refuse(exchange, 401, ErrorCode.UNAUTHORIZED, e.getMessage());
            return;
        }
        // Opening a connection: the WebSocket upgrade, or the fallback's POST /poll.
        if ((ws || PollRoutes.opens(exchange)) && users.atLimit(principal)) {
            refuse(exchange, 429, ErrorCode.RATE_LIMITED, "too many connections for this user");
            return;
        }
        exchange.putAttachment(PRINCIPAL, principal);
        next.handleRequest(exchange);
    }

    private static Optional<String> token(HttpServerExchange exchange, boolean ws) {
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(authorization.substring(7).strip());
        }
        HeaderValues protocols = exchange.getRequestHeaders().get(SEC_WEBSOCKET_PROTOCOL);
        if (ws && protocols != null) {
            for (String header : protocols) {
                for (String entry : header.split(",")) {
                    String e = entry.strip();
                    if (e.startsWith(BEARER_PROTOCOL)) {
                        return Optional.of(e.substring(BEARER_PROTOCOL.length()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private void refuse(HttpServerExchange exchange, int status, ErrorCode code, String message) {
        meters.error(code);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        String body = codec.mapper()
                .createObjectNode()
                .put("code", code.wire())
                .put("message", message)
                .toString();
        exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
    }
}
