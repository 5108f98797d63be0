package dev.quire.client;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One attempt at a WebSocket: hands each whole text message to the {@link Connection} on the
 * event thread, and chains sends ({@code java.net.http} allows one outstanding send per socket).
 * Internal.
 *
 * <p>The listener callbacks run on the HttpClient's threads, one at a time; everything else on
 * the event thread.
 */
final class Socket implements WebSocket.Listener {
    private final Connection connection;
    private final EventLoop loop;
    /** Parts of a text message split into frames; touched only by the (serialised) callbacks. */
    private final StringBuilder parts = new StringBuilder();

    private volatile long lastHeard = System.nanoTime();
    private WebSocket ws;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    Socket(Connection connection, EventLoop loop) {
        this.connection = connection;
        this.loop = loop;
    }

    void opened(WebSocket ws) {
        this.ws = ws;
        lastHeard = System.nanoTime();
    }

    void send(String text) {
        WebSocket socket = ws;
        sending = sending.thenCompose(x -> socket.sendText(text, true)).exceptionally(e -> {
            // The socket failed; onError or onClose reports it and the documents resend.
            socket.abort();
            return null;
        });
    }

    void close() {
        WebSocket socket = ws;
        if (socket != null) {
            sending = sending.thenCompose(x -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "client closed"))
                    .exceptionally(e -> null);
        }
    }

    void abort() {
        if (ws != null) {
            ws.abort();
        }
    }

    /** Nanoseconds since anything (a message, a ping) arrived. */
    long silentFor() {
        return System.nanoTime() - lastHeard;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lastHeard = System.nanoTime();
        parts.append(data);
        if (last) {
            String text = parts.toString();
            parts.setLength(0);
            loop.execute(() -> connection.received(this, text));
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
        lastHeard = System.nanoTime();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        loop.execute(() -> connection.lost(this, statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        loop.execute(() -> connection.lost(this, 1006, error.toString()));
    }
}
