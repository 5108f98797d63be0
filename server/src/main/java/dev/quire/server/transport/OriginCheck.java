package dev.quire.server.transport;

import dev.quire.server.protocol.ErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The browser {@code Origin} allowlist, checked on every request to {@code /ws} (so before the
 * WebSocket upgrade: cross-site WebSocket hijacking) and to its HTTP fallback {@code /poll} and on every request that is not
 * GET/HEAD/OPTIONS (cross-site writes, e.g. a {@code text/plain} form POST that needs no CORS
 * preflight). Allowed: the server's own origin (the request's scheme and {@code Host}, as the
 * browser writes it), the origins of {@code --public-url} (a TLS proxy's {@code https://} origin)
 * and {@code --allowed-origins}. Compared exactly after normalising (lower case, default port
 * dropped), so {@code null}, look-alikes ({@code http://host.evil.com}, {@code http://evilhost}),
 * other ports and other schemes are refused with 403 {@code forbidden}. A request without
 * {@code Origin} is not from a browser page (browsers send it on every WebSocket handshake and
 * every cross-site POST) and is let through. Immutable.
 */
final class OriginCheck implements HttpHandler {
    private final Set<String> allowed;
    private final HttpHandler next;

    /** {@code allowedOrigins} are in normal form already ({@code --allowed-origins} is parsed so). */
    OriginCheck(List<String> allowedOrigins, List<URI> publicUrls, HttpHandler next) {
        Set<String> all = new HashSet<>(allowedOrigins);
        for (URI url : publicUrls) {
            normalise(url.getScheme() + "://" + url.getRawAuthority()).ifPresent(all::add);
        }
        this.allowed = Set.copyOf(all);
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!guarded(exchange)) {
            next.handleRequest(exchange);
            return;
        }
        HeaderValues origin = exchange.getRequestHeaders().get(Headers.ORIGIN);
        if (origin == null || origin.isEmpty()) {
            next.handleRequest(exchange);
            return;
        }
        if (origin.size() == 1 && allows(origin.getFirst(), exchange)) {
            next.handleRequest(exchange);
            return;
        }
        EdgeRefusal.send(
                exchange,
                403,
                ErrorCode.FORBIDDEN,
                "origin \"" + EdgeRefusal.quote(origin.getFirst())
                        + "\" is not allowed (its operator can add it to --allowed-origins)");
    }

    private static boolean guarded(HttpServerExchange exchange) {
        HttpString method = exchange.getRequestMethod();
        boolean safe = method.equals(Methods.GET) || method.equals(Methods.HEAD) || method.equals(Methods.OPTIONS);
        return !safe
                || exchange.getRequestPath().equals(HttpServer.WS_PATH)
                || PollRoutes.handles(exchange.getRequestPath());
    }

    private boolean allows(String origin, HttpServerExchange exchange) {
        Optional<String> normal = normalise(origin);
        if (normal.isEmpty()) {
            return false;
        }
        if (allowed.contains(normal.get())) {
            return true;
        }
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        return host != null
                && normalise(exchange.getRequestScheme() + "://" + host).equals(normal);
    }

    /**
     * An origin in normal form, {@code scheme://host[:port]} in lower case without a default port,
     * or empty if it is not an http(s) origin ({@code null}, a path, user info…).
     */
    static Optional<String> normalise(String origin) {
        URI u;
        try {
            u = new URI(origin.strip());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = (u.getRawPath() == null || u.getRawPath().isEmpty())
                && u.getRawQuery() == null
                && u.getRawFragment() == null
                && u.getRawUserInfo() == null;
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || !bare) {
            return Optional.empty();
        }
        int port = u.getPort();
        boolean defaultPort =
                port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return Optional.of(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    }
}
