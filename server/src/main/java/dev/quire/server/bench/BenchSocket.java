package dev.quire.server.bench;

/**
 * The sending side of one editor's WebSocket, as a {@link BenchTransport} provides it: the
 * editor hands it whole text messages and, at the end, asks it to close.
 *
 * <p>Thread-safety: both methods may be called from any thread; the editor calls them under its
 * own lock, so the order of its calls is the order of the frames on the wire.
 */
interface BenchSocket {
    /** Queues one text message; a failure is reported to the editor, not thrown. */
    void send(String text);

    /** Sends a close frame (1000, "bench done") after everything queued; later sends are dropped. */
    void close();
}
