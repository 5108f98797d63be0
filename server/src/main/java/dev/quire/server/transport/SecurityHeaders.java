package dev.quire.server.transport;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.util.regex.Pattern;

/**
 * Puts the security headers on every answer (pages, assets, the API, and the edge's own
 * refusals, since it runs first):
 *
 * <ul>
 *   <li>{@code Content-Security-Policy}: scripts only from this origin (the editor has no inline
 *       script: Vite builds {@code index.html} with one external module); styles from this origin
 *       plus inline ones, because CodeMirror writes its theme and element styles at run time;
 *       images from this origin plus {@code data:} (the favicon); connections to this origin and
 *       its {@code ws:}/{@code wss:} twin (named explicitly for browsers where {@code 'self'} does
 *       not cover WebSockets); no plugins, no {@code <base>}, forms only to this origin, and
 *       {@code frame-ancestors} from {@code --frame-ancestors};
 *   <li>{@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer};
 *   <li>{@code Strict-Transport-Security} (one year) when this server speaks TLS itself. No
 *       {@code includeSubDomains}: other hosts of the domain are not ours to pin.
 * </ul>
 *
 * Immutable.
 */
final class SecurityHeaders implements HttpHandler {
    /** A host[:port] safe to write into the policy; the Host check has already vetted it. */
    private static final Pattern SAFE_HOST =
            Pattern.compile("[A-Za-z0-9.-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");

    static final String HSTS = "max-age=31536000";

    private final String policyStart;
    private final String policyEnd;
    private final boolean tls;
    private final HttpHandler next;

    SecurityHeaders(String frameAncestors, boolean tls, HttpHandler next) {
        this.policyStart = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; connect-src 'self'";
        this.policyEnd = "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " + frameAncestors;
        this.tls = tls;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(
                Headers.CONTENT_SECURITY_POLICY,
                policy(exchange.getRequestHeaders().getFirst(Headers.HOST)));
        headers.put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        headers.put(Headers.REFERRER_POLICY, "no-referrer");
        if (tls) {
            headers.put(Headers.STRICT_TRANSPORT_SECURITY, HSTS);
        }
        next.handleRequest(exchange);
    }

    String policy(String host) {
        if (host == null || !SAFE_HOST.matcher(host).matches()) {
            return policyStart + policyEnd;
        }
        return policyStart + " ws://" + host + " wss://" + host + policyEnd;
    }
}
