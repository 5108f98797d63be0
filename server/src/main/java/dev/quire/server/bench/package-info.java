/**
 * The load generator ({@code java -jar quire-server.jar bench …} or
 * {@code java -cp quire-server.jar dev.quire.server.bench.LoadGenerator …}): real WebSocket
 * editors running ot-core's client against a running server, reporting acked ops/s, latencies,
 * errors, CPU and convergence. A benchmark, not a test; its figures go to
 * {@code docs/performance.md}.
 */
package dev.quire.server.bench;
