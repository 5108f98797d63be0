/**
 * One {@link dev.quire.server.session.ClientSession} per WebSocket connection: which documents it
 * has joined under which client ids, and the routing of its messages to the live documents.
 */
package dev.quire.server.session;
