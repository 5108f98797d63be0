package dev.quire.server.transport;

import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.security.Principal;
import dev.quire.server.security.Role;
import io.undertow.server.HttpServerExchange;

/**
 * Authorization of REST calls: the principal {@link AuthGate} attached to the request, and the
 * role a call needs on its document ({@code GET} read, {@code POST …/ops} write, {@code DELETE}
 * and {@code POST …/share} admin), refused with 403 {@code forbidden}.
 */
final class RestAccess {
    private RestAccess() {}

    /** The request's principal; a request that did not pass the gate is unauthorized. */
    static Principal principal(HttpServerExchange exchange) {
        Principal p = exchange.getAttachment(AuthGate.PRINCIPAL);
        if (p == null) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "no token");
        }
        return p;
    }

    /** The request's principal, if it has at least {@code role} on {@code docId}; else forbidden. */
    static Principal require(HttpServerExchange exchange, String docId, Role role) {
        Principal p = principal(exchange);
        if (!p.may(docId, role)) {
            throw new ProtocolException(
                    ErrorCode.FORBIDDEN, "your token does not grant " + role.wire() + " on " + docId);
        }
        return p;
    }
}
