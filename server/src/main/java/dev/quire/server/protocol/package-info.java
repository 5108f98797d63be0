/**
 * Protocol v1 as values: the messages a client sends ({@link dev.quire.server.protocol.ClientMessage}),
 * the messages the server sends ({@link dev.quire.server.protocol.ServerMessage}) and the stable
 * error codes ({@link dev.quire.server.protocol.ErrorCode}). No JSON here: the transport's codec
 * maps these records to and from text frames. See docs/protocol.md.
 */
package dev.quire.server.protocol;
