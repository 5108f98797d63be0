package dev.quire.server.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.ot.TextOperation;
import dev.quire.ot.client.Client;
import dev.quire.ot.client.Outgoing;
import dev.quire.ot.client.Transition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated editor: a WebSocket running ot-core's {@link Client}, as a browser tab would. It
 * makes random edits (mostly one-character inserts, some deletes of a
 * character or a short run, about one insert in twenty an emoji — a surrogate pair), keeps at
 * most one op in flight (later edits are composed into the client's buffer), and records when
 * each op was sent and acknowledged and when it received the other editors' ops.
 *
 * <p>The protocol logic knows no transport: a {@link BenchTransport} delivers each whole text
 * message to {@link #onFrame} with the time it was read, and the editor sends through a
 * {@link BenchSocket}. An op's send time is taken just before its frame is handed to the socket.
 *
 * <p>Thread-safety: the transport's callbacks, the rate ticks and the reporting thread all take
 * this object's lock.
 */
final class BenchEditor {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The text length the random edits drift towards, so client-side work stays bounded. */
    private static final int TARGET_LENGTH = 400;

    private static final String[] EMOJI = {"😀", "🎉", "👍", "🚀", "❤️", "🇫🇷"};

    final String doc;
    private final String session;
    private final boolean closedLoop;
    private final SplittableRandom random;
    private final CompletableFuture<Void> joined = new CompletableFuture<>();
    private final Map<String, AtomicLong> errorCodes;
    /** Per sent op: the version it produced (once acked), when sent, when acked. */
    final LongList ackVersion = new LongList();

    final LongList ackSent = new LongList();
    final LongList ackAt = new LongList();
    /** Per received remote op: its version and when it arrived. */
    final LongList receiptVersion = new LongList();

    final LongList receiptAt = new LongList();
    private long sentAt;
    private long localEdits;
    private BenchSocket socket;
    private Client client;
    private String text = "";
    private boolean typing;
    private boolean closed;

    BenchEditor(String doc, String session, boolean closedLoop, long seed, Map<String, AtomicLong> errorCodes) {
        this.doc = doc;
        this.session = session;
        this.closedLoop = closedLoop;
        this.random = new SplittableRandom(seed);
        this.errorCodes = errorCodes;
    }

    /** Opens the socket and joins; returns when the joined message arrived. */
    void connect(BenchTransport transport, URI ws) throws Exception {
        BenchSocket s = transport.open(ws, this);
        synchronized (this) {
            socket = s;
            sendFrame("{\"type\":\"join\",\"doc\":\"" + doc + "\",\"session\":\"" + session + "\",\"user\":{\"name\":\""
                    + session + "\"}}");
        }
        joined.get(30, TimeUnit.SECONDS);
    }

    /**
     * One whole text message from the server, read at {@code receivedAt} ({@link System#nanoTime}).
     * Called by the transport's thread.
     */
    void onFrame(String text, long receivedAt) {
        try {
            handle(text, receivedAt);
        } catch (IOException | RuntimeException e) {
            error("client-fault: " + e);
        }
    }

    /** A server message, read with Jackson's streaming parser (no tree: this runs per receipt). */
    private void handle(String frame, long now) throws IOException {
        String type = "";
        String code = "?";
        String content = "";
        int version = -1;
        int seq = -1;
        TextOperation op = null;
        try (JsonParser p = JSON.getFactory().createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object: " + frame);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "type" -> type = p.getText();
                    case "version" -> version = p.getIntValue();
                    case "seq" -> seq = p.getIntValue();
                    case "code" -> code = p.getText();
                    case "content" -> content = p.getText();
                    case "op" -> op = readOp(p);
                    default -> {
                        if (value.isStructStart()) {
                            p.skipChildren();
                        }
                    }
                }
            }
        }
        synchronized (this) {
            switch (type) {
                case "joined" -> {
                    text = content;
                    client = Client.at(version);
                    joined.complete(null);
                }
                case "ack" -> {
                    ackVersion.add(version);
                    ackSent.add(sentAt);
                    ackAt.add(now);
                    apply(client.serverAck(seq, version));
                    if (closedLoop && typing && client.isSynchronized()) {
                        edit();
                    }
                }
                case "op" -> {
                    receiptVersion.add(version);
                    receiptAt.add(now);
                    apply(client.applyServer(version, op));
                }
                case "error" -> error(code);
                default -> {
                    // presence, left: not part of the measured load
                }
            }
        }
    }

    private static TextOperation readOp(JsonParser p) throws IOException {
        TextOperation.Builder b = TextOperation.builder();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                b.insert(p.getText());
            } else {
                int n = p.getIntValue();
                if (n > 0) {
                    b.retain(n);
                } else {
                    b.delete(-n);
                }
            }
        }
        return b.build();
    }

    private void apply(Transition t) {
        client = t.client();
        t.apply().ifPresent(op -> text = op.apply(text));
        t.send().ifPresent(this::send);
    }

    private void send(Outgoing out) {
        sentAt = System.nanoTime();
        String op;
        try {
            op = JSON.writeValueAsString(out.op().toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sendFrame("{\"type\":\"op\",\"doc\":\"" + doc + "\",\"version\":" + out.baseVersion() + ",\"seq\":" + out.seq()
                + ",\"op\":" + op + "}");
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
        int len = text.length();
        boolean delete = len > 0 && random.nextInt(100) < (len >= TARGET_LENGTH ? 70 : 25);
        int at = boundary(random.nextInt(len + 1));
        TextOperation op;
        if (delete) {
            at = Math.min(at, boundary(len - 1));
            int end = at;
            int chars = random.nextInt(10) == 0 ? 1 + random.nextInt(8) : 1;
            for (int i = 0; i < chars && end < len; i++) {
                end += Character.isHighSurrogate(text.charAt(end)) && end + 1 < len ? 2 : 1;
            }
            end = boundary(end);
            if (end == at) {
                return;
            }
            op = TextOperation.builder()
                    .retain(at)
                    .delete(end - at)
                    .retain(len - end)
                    .build();
        } else {
            String insert = random.nextInt(20) == 0
                    ? EMOJI[random.nextInt(EMOJI.length)]
                    : String.valueOf((char) ('a' + random.nextInt(26)));
            op = TextOperation.builder()
                    .retain(at)
                    .insert(insert)
                    .retain(len - at)
                    .build();
        }
        text = op.apply(text);
        apply(client.applyClient(op));
    }

    /** Moves {@code at} back off the middle of a surrogate pair. */
    private int boundary(int at) {
        if (at > 0
                && at < text.length()
                && Character.isLowSurrogate(text.charAt(at))
                && Character.isHighSurrogate(text.charAt(at - 1))) {
            return at - 1;
        }
        return Math.max(at, 0);
    }

    private void error(String code) {
        errorCodes.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
    }

    synchronized void start() {
        typing = true;
        if (closedLoop) {
            edit();
        }
    }

    synchronized void stop() {
        typing = false;
    }

    synchronized boolean isSynchronized() {
        return client.isSynchronized();
    }

    synchronized int version() {
        return client.version();
    }

    synchronized String text() {
        return text;
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

    /** A growable list of longs (no boxing on the hot path). Not thread-safe. */
    static final class LongList {
        private long[] values = new long[256];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }
    }

    static Map<String, AtomicLong> newErrorMap() {
        return new ConcurrentHashMap<>();
    }
}
