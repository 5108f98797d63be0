/**
 * The load generator ({@code java -jar quire-server.jar bench …} or
 * {@code java -cp quire-server.jar dev.quire.server.bench.LoadGenerator …}): real WebSocket
 * editors running ot-core's client against a running server, reporting acked ops/s, latencies,
 * errors, CPU and convergence. A benchmark, not a test; its figures go to
 * {@code docs/performance.md}.
 *
 * <p>The editors ({@link dev.quire.server.bench.BenchEditor}) run an
 * {@link dev.quire.server.bench.EditorState} (also the end-to-end tests' editor) and read and
 * write frames with the server's {@code JsonCodec}; they know no transport. The default one,
 * {@link dev.quire.server.bench.NioTransport}, is an RFC 6455 client of our own (codec in
 * {@code Ws*}) on one selector thread; {@link dev.quire.server.bench.JdkTransport} uses
 * {@code java.net.http} as the baseline.
 */
package dev.quire.server.bench;
