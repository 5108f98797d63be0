/**
 * quire-client: a Quire client for any JavaScript host (browsers, Node 20 or later), without DOM
 * or editor dependencies.
 *
 * - operations: {@link TextOperation} (a port of ot-core's, which follows ot.js), selections;
 * - the OT client state machine: {@link OtClient} (no socket, no editor);
 * - the live connection: {@link DocConnection} (protocol v1: join, catch-up, resend with the
 *   original seq, reconnect with backoff, presence), bound to any editor through
 *   {@link EditorPort};
 * - the protocol's message shapes, error codes and close codes.
 *
 * The CodeMirror 6 binding is the second entry point, `quire-client/codemirror`.
 */
export * from './ot/index.js';
export * from './client/index.js';
export * from './connection/index.js';
export * from './protocol/messages.js';
