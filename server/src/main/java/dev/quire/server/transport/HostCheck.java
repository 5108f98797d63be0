package dev.quire.server.transport;

import dev.quire.server.protocol.ErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

/**
 * Refuses a request whose {@code Host} header does not name this server ({@link AllowedHosts}) with
 * <b>421 Misdirected Request</b> and {@code forbidden}: the defence against DNS rebinding, where a
 * page on the attacker's domain, once that name resolves to this server, would otherwise reach
 * the whole REST API and {@code /ws} as a same-origin page. 421 (not 403) because the request
 * was sent to a server that does not answer for that name: it tells an operator to add the URL
 * to {@code --public-url}, and keeps it apart from a refused origin (403).
 *
 * <p>{@code /health} and {@code /ready} are exempt: load balancers and orchestrators probe them by
 * IP or by a service name, and they tell nobody anything.
 */
final class HostCheck implements HttpHandler {
    static final String HEALTH = "/health";
    static final String READY = "/ready";

    private final AllowedHosts hosts;
    private final HttpHandler next;

    HostCheck(AllowedHosts hosts, HttpHandler next) {
        this.hosts = hosts;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.getRequestPath().equals(HEALTH)
                || exchange.getRequestPath().equals(READY)) {
            next.handleRequest(exchange);
            return;
        }
        HeaderValues host = exchange.getRequestHeaders().get(Headers.HOST);
        if (host == null || host.size() != 1) {
            EdgeRefusal.send(exchange, 421, ErrorCode.FORBIDDEN, "expected exactly one Host header");
            return;
        }
        if (!hosts.allows(host.getFirst())) {
            EdgeRefusal.send(
                    exchange,
                    421,
                    ErrorCode.FORBIDDEN,
                    "this server does not answer to the host \"" + EdgeRefusal.quote(host.getFirst())
                            + "\" (its operator can add the URL to --public-url)");
            return;
        }
        next.handleRequest(exchange);
    }
}
