/**
 * The Quire collaboration server. {@link dev.quire.server.Main} reads the configuration and wires
 * storage, live documents and the network edge by constructor; {@link dev.quire.server.QuireServer}
 * is the running whole, also used by the tests.
 */
package dev.quire.server;
