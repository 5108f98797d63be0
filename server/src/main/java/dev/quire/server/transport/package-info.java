/**
 * The network edge: Undertow, the JSR-356 WebSocket endpoint at {@code /ws} and its HTTP fallback
 * at {@code /poll} (both behind one {@code ConnectionHub}; a {@code Link} per connection moves the
 * frames, decision 025), the JSON codec (both directions: the load generator and the tests use its client side),
 * per-connection bounded send queues with ping/pong, the REST API and the static editor files, and
 * the edge's checks in front of them all, one {@code HttpHandler} each (Host, Origin, security
 * headers, connections per address; listed in {@code HttpServer}), TLS and request limits.
 * Jackson and Undertow types stay in this package.
 */
package dev.quire.server.transport;
