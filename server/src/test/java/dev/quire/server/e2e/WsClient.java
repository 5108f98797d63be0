package dev.quire.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.transport.JsonCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A real client of either transport ({@link Transport}): a java.net.http WebSocket, or the HTTP
 * fallback ({@link PollClient}). It records every message it receives. Tests that check
 * the wire read the frames as JSON trees ({@link #next()}); editors read them as protocol records
 * through the server's codec ({@link #nextMessage()}).
 */
final class WsClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonCodec CODEC = new JsonCodec();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * How long a test waits for a frame, a connection or a close before it fails: generous, since
     * the build may run on a loaded machine; a wait ends as soon as what it waits for comes.
     */
    static final int WAIT_SECONDS = 30;

    /** Every text frame received, whole, not yet taken. */
    final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();

    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    /** When each ping arrived ({@link System#nanoTime}), over WebSocket. */
    final List<Long> pings = new CopyOnWriteArrayList<>();
    /** One of these two is set. */
    private final WebSocket socket;

    private final PollClient poll;
    private final Object sendLock = new Object();
    private volatile boolean reading = true;
    private volatile WebSocket paused;

    private WsClient(HttpClient http, URI uri, UnaryOperator<WebSocket.Builder> handshake) throws Exception {
        socket = handshake
                .apply(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(WAIT_SECONDS)))
                .buildAsync(uri, new Listener())
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        poll = null;
    }

    private WsClient(int port, Map<String, String> headers) throws Exception {
        socket = null;
        poll = new PollClient(URI.create("http://127.0.0.1:" + port), headers, inbox, closeCode);
    }

    /** Connects over {@code transport}. */
    static WsClient connect(Transport transport, int port) throws Exception {
        return connect(transport, port, Map.of());
    }

    /** Connects over {@code transport} with extra request headers (e.g. {@code Authorization}). */
    static WsClient connect(Transport transport, int port, Map<String, String> headers) throws Exception {
        return transport == Transport.HTTP ? new WsClient(port, headers) : connect(port, headers);
    }

    /** Stops reading (or starts again): the server's frames wait, its send queue fills. */
    void reading(boolean on) {
        reading = on;
        if (poll != null) {
            poll.reading(on);
        } else if (on && paused != null) {
            paused.request(1);
            paused = null;
        }
    }

    static WsClient connect(int port) throws Exception {
        return connect(port, UnaryOperator.identity());
    }

    /** Connects with a customised handshake (headers, subprotocols). */
    static WsClient connect(int port, UnaryOperator<WebSocket.Builder> handshake) throws Exception {
        return new WsClient(HTTP, URI.create("ws://127.0.0.1:" + port + "/ws"), handshake);
    }

    /** With extra handshake headers, e.g. {@code Origin}. */
    static WsClient connect(int port, Map<String, String> headers) throws Exception {
        return connect(port, b -> {
            headers.forEach(b::header);
            return b;
        });
    }

    /** The server's WebSocket URI on {@code port} of 127.0.0.1. */
    static URI uri(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    /** To any URI (e.g. a balancer's). */
    static WsClient connect(URI uri) throws Exception {
        return connect(HTTP, uri);
    }

    /** Through another client (e.g. one trusting a test certificate) to any URI. */
    static WsClient connect(HttpClient http, URI uri) throws Exception {
        return new WsClient(http, uri, UnaryOperator.identity());
    }

    /** The subprotocol the server selected, {@code ""} if none. */
    String subprotocol() {
        return socket == null ? "" : socket.getSubprotocol();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder parts = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                inbox.add(parts.toString());
                parts.setLength(0);
            }
            if (reading) {
                ws.request(1);
            } else {
                paused = ws;
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, java.nio.ByteBuffer message) {
            pings.add(System.nanoTime()); // the pong goes back by itself
            if (reading) {
                ws.request(1);
            } else {
                paused = ws;
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closeCode.complete(-1);
        }
    }

    void send(String text) {
        if (poll != null) {
            poll.send(text);
            return;
        }
        synchronized (sendLock) {
            socket.sendText(text, true).join();
        }
    }

    void send(JsonNode message) {
        send(message.toString());
    }

    void send(ClientMessage message) {
        send(CODEC.encodeClient(message));
    }

    /** WebSocket only: the fallback has no binary frames. */
    void sendBinary(byte[] data) {
        synchronized (sendLock) {
            socket.sendBinary(ByteBuffer.wrap(data), true).join();
        }
    }

    /** The next frame, failing after {@link #WAIT_SECONDS}. */
    String nextFrame() throws InterruptedException {
        String m = inbox.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within " + WAIT_SECONDS + " s");
        }
        return m;
    }

    /** The next message as a JSON tree, failing after {@link #WAIT_SECONDS}. */
    JsonNode next() throws InterruptedException {
        return tree(nextFrame());
    }

    /** The next message read by the codec's client side, failing after {@link #WAIT_SECONDS}. */
    ServerMessage nextMessage() throws InterruptedException {
        return CODEC.decodeServer(nextFrame());
    }

    /** Skips messages until one matches. */
    JsonNode next(Predicate<JsonNode> match) throws InterruptedException {
        while (true) {
            JsonNode m = next();
            if (match.test(m)) {
                return m;
            }
        }
    }

    JsonNode nextOfType(String type) throws InterruptedException {
        return next(m -> m.path("type").asText().equals(type));
    }

    /** Asserts nothing arrives for a while; returns what did arrive, if anything. */
    JsonNode quietFor(long millis) throws InterruptedException {
        String m = inbox.poll(millis, TimeUnit.MILLISECONDS);
        return m == null ? null : tree(m);
    }

    private static JsonNode tree(String frame) {
        try {
            return JSON.readTree(frame);
        } catch (Exception e) {
            throw new IllegalStateException("server sent bad JSON: " + frame, e);
        }
    }

    int awaitClose() throws Exception {
        return closeCode.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Drops the TCP connection without a close handshake (the fallback: stops polling, silently). */
    void abort() {
        if (poll != null) {
            poll.abort();
            return;
        }
        socket.abort();
    }

    @Override
    public void close() {
        if (poll != null) {
            poll.close();
            return;
        }
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }
        socket.abort();
    }
}
