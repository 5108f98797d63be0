package dev.quire.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline transport ({@code --client jdk}): one {@code java.net.http} WebSocket per editor.
 * Messages reach the editors on the HttpClient's executor (two {@code bench-ws} threads, after a
 * hop from its SelectorManager thread); open-loop ticks run on one {@code bench-timer} thread.
 *
 * <p>Thread-safety: safe for use from any thread.
 */
final class JdkTransport implements BenchTransport {
    private final ExecutorService callbacks = Executors.newFixedThreadPool(2, daemon("bench-ws"));
    private final HttpClient http = HttpClient.newBuilder()
            .executor(callbacks)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("bench-timer"));

    @Override
    public BenchSocket open(URI url, Optional<String> bearer, BenchEditor editor) throws Exception {
        Socket socket = new Socket(editor);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        bearer.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        socket.ws = builder.buildAsync(url, socket).get(20, TimeUnit.SECONDS);
        return socket;
    }

    @Override
    public void repeat(Runnable tick, long delayNanos, long periodNanos) {
        timer.scheduleAtFixedRate(tick, delayNanos / 1000, periodNanos / 1000, TimeUnit.MICROSECONDS);
    }

    @Override
    public void stopRepeating() {
        timer.shutdownNow();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        callbacks.shutdown();
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * One editor's {@code java.net.http} WebSocket: reassembles partial text messages for the
     * editor and chains sends, since {@code java.net.http} allows one outstanding send per socket.
     */
    private static final class Socket implements WebSocket.Listener, BenchSocket {
        private final BenchEditor editor;
        /** Parts of a text message; touched only by the listener callbacks, which the client serialises. */
        private final StringBuilder parts = new StringBuilder();

        private volatile WebSocket ws;
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        Socket(BenchEditor editor) {
            this.editor = editor;
        }

        @Override
        public synchronized void send(String text) {
            sending = sending.thenCompose(x -> ws.sendText(text, true)).exceptionally(e -> {
                editor.onFailure("send-failed", e);
                return null;
            });
        }

        @Override
        public synchronized void close() {
            sending = sending.thenCompose(x -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done"));
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            if (!last) {
                parts.append(data);
            } else if (parts.length() == 0) {
                editor.onFrame(data.toString(), now);
            } else {
                parts.append(data);
                String text = parts.toString();
                parts.setLength(0);
                editor.onFrame(text, now);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable e) {
            editor.onFailure("socket-error: " + e.getClass().getSimpleName(), e);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            editor.onClose(statusCode);
            return null;
        }
    }
}
