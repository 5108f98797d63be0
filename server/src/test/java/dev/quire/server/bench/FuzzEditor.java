package dev.quire.server.bench;

import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.transport.JsonCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A well-behaved editor among the fuzzers: a {@code java.net.http} WebSocket and the load
 * generator's {@link EditorState} (ot-core's client), typing at a human pace. It never sends a bad
 * message, so every error it receives and every close is a fault, recorded in {@link #faults};
 * {@code rate-limited} alone is honoured (the outstanding op is resent with the same seq after the
 * delay it names), since a limit may in principle be reached by a fast typist.
 *
 * <p>Not thread-safe: one thread drives it ({@link #pump}, {@link #edit}); the socket's listener
 * only queues frames.
 */
final class FuzzEditor implements AutoCloseable {
    static final JsonCodec CODEC = new JsonCodec();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> PIECES = List.of("a", "b", " ", "😀", "é", "漢", "\n", "xy");

    final String docId;
    final String session;
    /** Everything that went wrong for this editor; empty for a healthy run. */
    final Queue<String> faults = new ConcurrentLinkedQueue<>();

    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final Queue<String> inbox = new ConcurrentLinkedQueue<>();
    private final EditorState state;
    private final WebSocket socket;
    private Optional<ClientMessage.Op> outstanding = Optional.empty();
    private long resendAtNanos;
    int acks;

    FuzzEditor(URI ws, List<String> headers, String docId, String session) throws Exception {
        this.docId = docId;
        this.session = session;
        this.state = new EditorState(docId, session);
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        for (String h : headers) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Sec-WebSocket-Protocol")) {
                String[] offered = value.split("\\s*,\\s*");
                b.subprotocols(offered[0], java.util.Arrays.copyOfRange(offered, 1, offered.length));
            } else {
                b.header(name, value);
            }
        }
        socket = b.buildAsync(ws, new Listener()).get(10, TimeUnit.SECONDS);
        send(CODEC.encodeClient(state.join(Optional.of("editor " + session))));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String frame = inbox.poll();
            if (frame == null) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(session + ": no joined within 30 s");
                }
                Thread.sleep(1);
                continue;
            }
            ServerMessage m = CODEC.decodeServer(frame);
            if (m instanceof ServerMessage.Joined) {
                state.receive(m);
                break;
            }
        }
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
            ws.request(1);
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

    /** Handles every message received so far, and a due resend. */
    void pump() {
        if (closeCode.isDone() && faults.isEmpty()) {
            faults.add(session + ": closed by the server with " + closeCode.join());
        }
        String frame;
        while ((frame = inbox.poll()) != null) {
            handle(CODEC.decodeServer(frame));
        }
        if (resendAtNanos != 0 && System.nanoTime() >= resendAtNanos) {
            resendAtNanos = 0;
            outstanding.ifPresent(op -> send(CODEC.encodeClient(op)));
        }
    }

    private void handle(ServerMessage m) {
        if (m instanceof ServerMessage.Error e) {
            if (e.code() == ErrorCode.RATE_LIMITED && outstanding.isPresent()) {
                resendAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            } else {
                faults.add(session + ": unexpected " + m);
            }
            return;
        }
        if (m instanceof ServerMessage.Ack ack
                && outstanding.isPresent()
                && outstanding.get().seq() == ack.seq()) {
            acks++;
            outstanding = Optional.empty();
        }
        if (m instanceof ServerMessage.Ops batch) {
            for (ServerMessage.CatchUpOp entry : batch.ops()) {
                if (state.isOwn(entry)
                        && outstanding.isPresent()
                        && outstanding.get().seq() == entry.seq().get()) {
                    acks++;
                    outstanding = Optional.empty();
                }
            }
        }
        if (!(m instanceof ServerMessage.Ack
                || m instanceof ServerMessage.Op
                || m instanceof ServerMessage.Ops
                || m instanceof ServerMessage.Presence
                || m instanceof ServerMessage.Left)) {
            faults.add(session + ": unexpected " + m);
            return;
        }
        try {
            state.receive(m).forEach(this::sendOp);
        } catch (RuntimeException ex) {
            faults.add(session + ": " + m + " broke the client: " + ex);
        }
    }

    /** One random local edit. */
    void edit(Random random) {
        state.edit(random, PIECES).ifPresent(this::sendOp);
    }

    private void sendOp(ClientMessage.Op op) {
        outstanding = Optional.of(op);
        send(CODEC.encodeClient(op));
    }

    private void send(String text) {
        try {
            socket.sendText(text, true).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            faults.add(session + ": send failed: " + e);
        }
    }

    String text() {
        return state.text();
    }

    int version() {
        return state.version();
    }

    boolean isSynchronized() {
        return state.isSynchronized();
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Aborted below either way.
        }
        socket.abort();
    }
}
