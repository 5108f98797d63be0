/**
 * The JVM client: {@link dev.quire.client.QuireClient} (one connection, built once),
 * {@link dev.quire.client.DocumentHandle} (one joined document), {@link
 * dev.quire.client.DocumentListener} (its events, on the client's one event thread). Types
 * without {@code public} are internal: the JSON codec, the socket and the per-document state.
 */
package dev.quire.client;
