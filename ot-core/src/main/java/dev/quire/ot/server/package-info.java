/**
 * The server algorithm for one document: {@link dev.quire.ot.server.ServerDocument} transforms each
 * submitted operation against the history its author had not seen, applies it to a gap buffer and
 * remembers it. No I/O: the caller stores, acknowledges and broadcasts.
 */
package dev.quire.ot.server;
