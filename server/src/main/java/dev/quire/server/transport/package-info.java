/**
 * The network edge: Undertow, the JSR-356 WebSocket endpoint at {@code /ws}, the JSON codec (both directions: the load generator and the tests use its client side),
 * per-connection bounded send queues with ping/pong, the REST API and the static editor files.
 * Jackson and Undertow types stay in this package.
 */
package dev.quire.server.transport;
