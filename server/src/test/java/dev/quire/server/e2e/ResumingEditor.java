package dev.quire.server.e2e;

import dev.quire.ot.TextOperation;
import dev.quire.ot.client.Client;
import dev.quire.ot.client.Outgoing;
import dev.quire.ot.client.Transition;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ServerMessage;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scripted editor that survives its server: ot-core's {@link Client} over a real WebSocket, and
 * on {@link #reconnect} what the web editor does — join again from its version, take the catch-up
 * (its own ops in it are acks), resend the op in flight unchanged. It fails loudly if the server
 * answers a rejoin with the text instead of a catch-up while edits are pending: they would be lost.
 * A message that does not fit its state (a version skipped) fails with the last {@value #RECENT}
 * things it received and sent, each with its socket's number. One owner thread.
 */
final class ResumingEditor implements AutoCloseable {
    /** How many of the last messages a failure shows. */
    private static final int RECENT = 60;

    private static final List<String> PIECES = List.of("a", "b", " ", "😀", "é", "漢", "\n");

    final String docId;
    final String session;
    /** Every ack received (also through a catch-up): seq -> version. */
    final Map<Integer, Integer> acked = new ConcurrentHashMap<>();

    /** How many {@code retry-later} answers it got (and resent after). */
    int retriedLater;

    private WsClient ws;
    private Client client = Client.at(0);
    private String text = "";
    private boolean everJoined;
    /** The last {@link #RECENT} messages received and sent, oldest first, for a failure's message. */
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    /** Which connection this is: 1 for the first, one more per {@link #reconnect}. */
    private int socket;

    ResumingEditor(int port, String docId, String session) throws Exception {
        this(WsClient.uri(port), docId, session);
    }

    /** An editor connecting to {@code ws} (e.g. a balancer's URL). */
    ResumingEditor(URI ws, String docId, String session) throws Exception {
        this.docId = docId;
        this.session = session;
        reconnect(ws);
    }

    /** Joins (again, from the version reached) on a new socket and resends the op in flight. */
    void reconnect(int port) throws Exception {
        reconnect(WsClient.uri(port));
    }

    /** {@link #reconnect(int)} through {@code ws}. */
    void reconnect(URI url) throws Exception {
        ws = WsClient.connect(url);
        socket++;
        OptionalInt from = everJoined ? OptionalInt.of(client.version()) : OptionalInt.empty();
        note("join from " + (from.isPresent() ? from.getAsInt() : "scratch"));
        ws.send(new ClientMessage.Join(docId, session, from, Optional.of(session)));
        ServerMessage m = ws.nextMessage();
        while (!(m instanceof ServerMessage.Joined)) {
            note("before joined: " + m.getClass().getSimpleName());
            m = ws.nextMessage();
        }
        joined((ServerMessage.Joined) m);
        client.resend().send().ifPresent(this::send);
    }

    private void joined(ServerMessage.Joined j) {
        note("joined at " + j.version()
                + (j.content().isPresent()
                        ? " with the text"
                        : " catch-up "
                                + j.ops().stream()
                                        .map(o -> o.version()
                                                + o.seq()
                                                        .map(q -> " (seq " + q + ")")
                                                        .orElse(""))
                                        .toList()));
        try {
            catchUp(j);
        } catch (IllegalStateException e) {
            throw failure(e);
        }
        everJoined = true;
    }

    private void catchUp(ServerMessage.Joined j) {
        if (j.content().isPresent()) {
            if (everJoined && client.pendingCount() > 0) {
                throw new AssertionError(session + ": rejoined with text instead of a catch-up; pending edits lost");
            }
            text = j.content().get();
            client = Client.resume(j.version(), client.nextSeq());
        } else {
            for (ServerMessage.CatchUpOp op : j.ops()) {
                Optional<Outgoing> outstanding = client.sent();
                if (op.seq().isPresent()
                        && outstanding.isPresent()
                        && op.seq().get() == outstanding.get().seq()) {
                    acked.put(outstanding.get().seq(), op.version());
                    client = client.serverAck(outstanding.get().seq(), op.version())
                            .client();
                } else {
                    take(client.applyServer(op.version(), op.op()));
                }
            }
        }
    }

    private void note(String event) {
        if (recent.size() == RECENT) {
            recent.removeFirst();
        }
        recent.addLast("socket " + socket + ", at " + client.version() + ": " + event);
    }

    /** {@code e} (ot-core's: a version skipped, an unexpected ack) with what this editor last received and sent. */
    private AssertionError failure(IllegalStateException e) {
        return new AssertionError(
                session + ": " + e.getMessage() + "; last messages:\n  " + String.join("\n  ", recent), e);
    }

    /** Handles every message received so far. */
    void pump() {
        String frame;
        while ((frame = ws.inbox.poll()) != null) {
            ServerMessage m = WsClient.CODEC.decodeServer(frame);
            try {
                handle(m);
            } catch (IllegalStateException e) {
                throw failure(e);
            }
        }
    }

    /** Handles one message received after the {@code joined}. */
    private void handle(ServerMessage m) {
        if (m instanceof ServerMessage.Ack a) {
            note("ack of seq " + a.seq() + " at " + a.version());
            acked.put(Math.toIntExact(a.seq()), a.version());
            take(client.serverAck(Math.toIntExact(a.seq()), a.version())).ifPresent(this::send);
        } else if (m instanceof ServerMessage.Op o) {
            note("op " + o.version());
            take(client.applyServer(o.version(), o.op()));
        } else if (m instanceof ServerMessage.Error e && e.code() == ErrorCode.RETRY_LATER) {
            // Another node kept winning (decision 018): send the op in flight again, as the
            // web editor does (at once: the test wants the race, not the pause).
            note("retry-later of seq " + e.seq().map(String::valueOf).orElse("-"));
            retriedLater++;
            client.resend().send().ifPresent(this::send);
        } else if (m instanceof ServerMessage.Error e) {
            throw new AssertionError(session + " got " + e);
        }
    }

    /** One random edit: an insert (emoji, accents, CJK, line breaks) or a delete of one character. */
    void edit(Random random) {
        if (ws.closeCode.isDone()) {
            return; // the server is gone; the edit would only wait in the buffer
        }
        int length = text.length();
        TextOperation.Builder b = TextOperation.builder();
        if (length > 0 && random.nextInt(4) == 0) {
            int at = random.nextInt(length);
            if (at > 0 && Character.isLowSurrogate(text.charAt(at))) {
                at--;
            }
            int n = Character.isHighSurrogate(text.charAt(at)) ? 2 : 1;
            b.retain(at).delete(n).retain(length - at - n);
        } else {
            int at = random.nextInt(length + 1);
            if (at > 0 && at < length && Character.isLowSurrogate(text.charAt(at))) {
                at--;
            }
            b.retain(at).insert(PIECES.get(random.nextInt(PIECES.size()))).retain(length - at);
        }
        TextOperation op = b.build();
        text = op.apply(text);
        Transition t = client.applyClient(op);
        client = t.client();
        t.send().ifPresent(this::send);
    }

    private Optional<Outgoing> take(Transition t) {
        client = t.client();
        t.apply().ifPresent(op -> text = op.apply(text));
        return t.send();
    }

    private void send(Outgoing o) {
        if (!ws.closeCode.isDone()) {
            try {
                note("sent seq " + o.seq() + " at " + o.baseVersion());
                ws.send(new ClientMessage.Op(docId, o.baseVersion(), o.seq(), o.op()));
            } catch (RuntimeException closing) {
                // The socket closed under us: the op is resent after the reconnect.
            }
        }
    }

    /** The close code the server sent, waiting up to 10 s while handling what arrives before it. */
    int awaitClose() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!ws.closeCode.isDone() && System.nanoTime() < deadline) {
            pump();
            Thread.sleep(5);
        }
        pump();
        return ws.awaitClose();
    }

    String text() {
        return text;
    }

    int version() {
        return client.version();
    }

    boolean isSynchronized() {
        return client.isSynchronized();
    }

    @Override
    public void close() {
        ws.close();
    }
}
