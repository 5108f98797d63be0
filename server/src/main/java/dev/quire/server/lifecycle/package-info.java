/**
 * Where the server is in its life (starting, ready, draining, stopped) and the graceful shutdown
 * that SIGTERM runs. See docs/operations.md.
 */
package dev.quire.server.lifecycle;
