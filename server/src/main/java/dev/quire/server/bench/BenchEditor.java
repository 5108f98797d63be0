package dev.quire.server.bench;

import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.transport.JsonCodec;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One simulated editor: a WebSocket running an {@link EditorState} (ot-core's client, the local
 * text and its random edits), as a browser tab would. It keeps at most {@code --in-flight} ops in
 * flight (later edits are composed into the client's buffer; decision 039), and only one while
 * its acks lag ({@link AckTimes}, decision 053), types on the
 * transport's rate ticks or, in {@link Mode#CLOSED_LOOP}, as soon as fewer than that are in
 * flight, and records when each op was sent and acknowledged and when it received the other
 * editors' ops. Frames are read and written by the server's
 * {@link JsonCodec}.
 *
 * <p>The protocol logic knows no transport: a {@link BenchTransport} delivers each whole text
 * message to {@link #onFrame} with the time it was read, and the editor sends through a
 * {@link BenchSocket}. An op's send time is taken just before its frame is handed to the socket.
 *
 * <p>Thread-safety: the transport's callbacks, the rate ticks and the reporting thread all take
 * this object's lock.
 */
final class BenchEditor {
    /** When an editor types. */
    enum Mode {
        /** An edit per rate tick of the transport, whatever the acks. */
        OPEN_LOOP,
        /** The next edit as soon as fewer ops than the window are in flight (with 1: when the last is acknowledged). */
        CLOSED_LOOP
    }

    private static final JsonCodec CODEC = new JsonCodec();

    final String docId;
    private final EditorState state;
    private final Mode mode;
    private final SplittableRandom random;
    private final CompletableFuture<Void> joined = new CompletableFuture<>();
    private final Map<String, AtomicLong> errorCodes;
    /** Per sent op: the version it produced (once acked), when sent, when acked. */
    final LongList ackVersion = new LongList();

    final LongList ackSent = new LongList();
    final LongList ackAt = new LongList();
    /** When the frames of ops arrived, per frame (own ops included; {@link Tally} leaves them out). */
    final Receipts receipts = new Receipts();
    /** When each op in flight was sent (acks come in seq order), and the window their round trips allow. */
    private final AckTimes times;

    private long localEdits;
    private BenchSocket socket;
    private boolean typing;
    private boolean closed;

    BenchEditor(String docId, String session, Mode mode, int inFlight, long seed, Map<String, AtomicLong> errorCodes) {
        this.docId = docId;
        this.state = new EditorState(docId, session).window(inFlight);
        this.times = new AckTimes(inFlight);
        this.mode = mode;
        this.random = new SplittableRandom(seed);
        this.errorCodes = errorCodes;
    }

    /**
     * Opens the socket (presenting {@code bearer}, if any) and joins; returns when the joined
     * message arrived, with the time the opening handshake took and the time from then to
     * {@code joined}.
     */
    Setup connect(BenchTransport transport, URI ws, Optional<String> bearer) throws Exception {
        long start = System.nanoTime();
        BenchSocket s = transport.open(RoutingHint.withDoc(ws, state.docId()), bearer, this);
        long open = System.nanoTime();
        synchronized (this) {
            socket = s;
            sendFrame(CODEC.encodeClient(state.join(Optional.of(state.session()))));
        }
        joined.get(30, TimeUnit.SECONDS);
        return new Setup(open - start, System.nanoTime() - open);
    }

    /** Nanoseconds of one editor's set-up: the opening handshake (TCP connect to 101), then the join. */
    record Setup(long handshakeNanos, long joinNanos) {}

    /**
     * One whole text message from the server, read at {@code receivedAt} ({@link System#nanoTime}).
     * Called by the transport's thread. The codec decodes it streaming (no tree: this runs per
     * receipt).
     */
    void onFrame(String text, long receivedAt) {
        try {
            handle(decode(text), receivedAt);
        } catch (RuntimeException e) {
            error("client-fault: " + e);
        }
    }

    /** A message the transport decoded ({@link KnownFrames}), read at {@code receivedAt}. */
    void onMessage(ServerMessage message, long receivedAt) {
        try {
            handle(message, receivedAt);
        } catch (RuntimeException e) {
            error("client-fault: " + e);
        }
    }

    /** A frame that is not a server message: counted as {@code client-fault: …}, as in {@link #onFrame}. */
    void onUnreadable(RuntimeException e) {
        error("client-fault: " + e);
    }

    /** A frame decoded and its message. */
    private record Decoded(String text, ServerMessage message) {}

    /**
     * The batches decoded lately, by a hash of their text: every editor of a document gets the
     * same batch text, and the frames of two batches can interleave across sockets.
     */
    private static final AtomicReferenceArray<Decoded> DECODED = new AtomicReferenceArray<>(16);

    /**
     * Decodes a frame, or takes the message of the same text decoded lately (messages are
     * immutable): a batch is parsed once for all the editors it is sent to, not once per editor.
     */
    private static ServerMessage decode(String text) {
        int slot = text.hashCode() & (DECODED.length() - 1);
        Decoded known = DECODED.get(slot);
        if (known != null && known.text().equals(text)) {
            return known.message();
        }
        ServerMessage message = CODEC.decodeServer(text);
        if (message instanceof ServerMessage.Ops) {
            DECODED.set(slot, new Decoded(text, message));
        }
        return message;
    }

    private synchronized void handle(ServerMessage message, long now) {
        boolean acked = message instanceof ServerMessage.Ack;
        if (message instanceof ServerMessage.Ops m) {
            for (ServerMessage.CatchUpOp entry : m.ops()) {
                if (state.isOwn(entry)) {
                    acked = true;
                    ackVersion.add(entry.version());
                    ackSent.add(times.acked(now));
                    ackAt.add(now);
                }
            }
            receipts.add(m.ops(), now);
        } else if (message instanceof ServerMessage.Ack m) {
            ackVersion.add(m.version());
            ackSent.add(times.acked(now));
            ackAt.add(now);
        } else if (message instanceof ServerMessage.Op m) {
            receipts.add(m.version(), 1, now);
        } else if (message instanceof ServerMessage.Error m) {
            error(m.code().wire());
        }
        if (acked && state.window() != times.window()) {
            // Before the state takes the acks: a slow one must not send the buffer pipelined.
            state.window(times.window());
        }
        // presence and left are not part of the measured load: the state ignores them
        state.receive(message).forEach(this::send);
        if (message instanceof ServerMessage.Joined) {
            joined.complete(null);
        } else if (acked && mode == Mode.CLOSED_LOOP && typing) {
            fillWindow();
        }
    }

    /** Closed loop: edits until the window is full (an edit that changes nothing sends nothing). */
    private void fillWindow() {
        for (int tries = 0; state.inFlight() < state.window() && tries < 2 * state.window(); tries++) {
            edit();
        }
    }

    private void send(ClientMessage.Op op) {
        times.sent(System.nanoTime());
        sendFrame(CODEC.encodeClient(op));
    }

    private void sendFrame(String frame) {
        if (!closed) {
            socket.send(frame);
        }
    }

    /** One local edit (open loop: called by the transport's rate ticks). */
    synchronized void tick() {
        try {
            if (typing) {
                edit();
            }
        } catch (RuntimeException e) {
            error("client-fault: " + e);
        }
    }

    private void edit() {
        localEdits++;
        state.edit(random).ifPresent(this::send);
    }

    private void error(String code) {
        errorCodes
                .computeIfAbsent(code, c -> {
                    if (c.equals(ErrorCode.RATE_LIMITED.wire())) {
                        System.err.println(BenchResult.RATE_LIMITED_WARNING);
                    }
                    return new AtomicLong();
                })
                .incrementAndGet();
    }

    synchronized void start() {
        typing = true;
        if (mode == Mode.CLOSED_LOOP) {
            fillWindow();
        }
    }

    synchronized void stop() {
        typing = false;
    }

    synchronized boolean isSynchronized() {
        return state.isSynchronized();
    }

    synchronized int version() {
        return state.version();
    }

    synchronized String text() {
        return state.text();
    }

    /** Adds the submit→ack latencies recorded from index {@code from} on to {@code into}; returns the new count. */
    synchronized int acksSince(int from, Latencies into) {
        for (int i = from; i < ackAt.size(); i++) {
            into.add(ackAt.get(i) - ackSent.get(i));
        }
        return ackAt.size();
    }

    /** How often this editor's window fell to 1 because its acks lagged (decision 053). */
    synchronized long windowDrops() {
        return times.drops();
    }

    synchronized long localEdits() {
        return localEdits;
    }

    synchronized void close() {
        if (!closed && socket != null) {
            socket.close();
        }
        closed = true;
    }

    /**
     * The transport failed ({@code socket-error: …}, {@code protocol-error: …}, {@code send-failed}):
     * counted under {@code code}. Called by the transport's thread.
     */
    void onFailure(String code, Throwable cause) {
        error(code);
        joined.completeExceptionally(cause);
    }

    /** The server closed the socket with {@code statusCode}. Called by the transport's thread. */
    synchronized void onClose(int statusCode) {
        if (!closed) {
            error("closed-by-server: " + statusCode);
        }
    }

    static Map<String, AtomicLong> newErrorMap() {
        return new ConcurrentHashMap<>();
    }
}
