/**
 * The client side of the OT algorithm (ot.js's {@code Client}): an immutable
 * {@link dev.quire.ot.client.Client} whose every event returns a
 * {@link dev.quire.ot.client.Transition} with the next client, what to send and what to apply.
 * Sockets, timers and the editor stay with the caller.
 */
package dev.quire.ot.client;
