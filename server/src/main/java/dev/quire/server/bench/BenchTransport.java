package dev.quire.server.bench;

import java.net.URI;
import java.util.Optional;

/**
 * How the load generator's editors reach the server, and which thread drives the open-loop
 * ticks: {@link NioTransport} (one selector thread for every editor, the default) or
 * {@link JdkTransport} ({@code java.net.http}, the baseline). Either one calls each editor's
 * {@link BenchEditor#onFrame}, {@link BenchEditor#onClose} and {@link BenchEditor#onFailure}.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
interface BenchTransport extends AutoCloseable {
    /**
     * Opens a WebSocket to {@code url} whose messages go to {@code editor}, presenting
     * {@code bearer} as {@code Authorization: Bearer} when there is one; returns once the opening
     * handshake is done.
     *
     * @throws java.io.IOException if the server cannot be reached or refuses the handshake
     */
    BenchSocket open(URI url, Optional<String> bearer, BenchEditor editor) throws Exception;

    /** Runs {@code tick} every {@code periodNanos} at a fixed rate, the first time after {@code delayNanos}. */
    void repeat(Runnable tick, long delayNanos, long periodNanos);

    /** Stops every {@link #repeat}; a tick already running may finish. */
    void stopRepeating();

    /** Stops the transport's threads; call after closing the editors' sockets. */
    @Override
    void close();
}
