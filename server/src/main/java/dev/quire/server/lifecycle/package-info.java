/**
 * The graceful shutdown that SIGTERM runs (the lifecycle it flips, {@code /ready}'s, is
 * {@link dev.quire.server.metrics.ServerLifecycle}). See docs/operations.md.
 */
package dev.quire.server.lifecycle;
