package dev.quire.server.e2e;

import dev.quire.server.bench.EditorState;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ServerMessage;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A scripted editor that loses its connection and comes back: ot-core's client in
 * {@link EditorState}, a real WebSocket while online, and edits kept locally while offline (the
 * op in flight and the buffer), resent after the rejoin as the web editor does.
 */
final class OfflineEditor implements AutoCloseable {
    final String session;
    final EditorState state;
    private WsClient ws;
    private boolean joined;
    private int port;
    /** How many times a checksum showed this editor's text had diverged. */
    int divergences;
    /** What the joined text goes through before this editor takes it: a test's way to make it diverge. */
    UnaryOperator<ServerMessage> tamper = UnaryOperator.identity();

    OfflineEditor(String docId, String session) {
        this.session = session;
        this.state = new EditorState(docId, session);
    }

    boolean online() {
        return ws != null;
    }

    /** Connects and joins (first time: afresh; later: with the last version seen), then waits for joined. */
    void connect(int port) throws Exception {
        connect(port, joined ? state.rejoin(Optional.empty()) : state.join(Optional.empty()));
    }

    private void connect(int port, ClientMessage.Join join) throws Exception {
        this.port = port;
        ws = WsClient.connect(port);
        ws.send(join);
        ServerMessage m = ws.nextMessage();
        while (!(m instanceof ServerMessage.Joined)) {
            handle(m);
            m = ws.nextMessage();
        }
        joined = true;
        state.receive(tamper.apply(m)).forEach(op -> send(Optional.of(op)));
    }

    /** The connection dies; whatever was on the wire may or may not have arrived. */
    void drop() {
        if (ws != null) {
            ws.abort();
            ws = null;
        }
    }

    /** Handles every message already received. */
    void pump() {
        if (ws == null) {
            return;
        }
        String frame;
        while ((frame = ws.inbox.poll()) != null) {
            handle(WsClient.CODEC.decodeServer(frame));
        }
    }

    private void handle(ServerMessage m) {
        if (m instanceof ServerMessage.Error e) {
            throw new AssertionError(session + " got " + e);
        }
        state.receive(m).forEach(op -> send(Optional.of(op)));
        Optional<ClientMessage.Diverged> report = state.takeDivergence();
        if (report.isPresent()) {
            divergences++;
            // Report, then start over from the server's text on a new socket, as the web editor does.
            ws.send(report.get());
            drop();
            try {
                connect(port, state.join(Optional.empty()));
            } catch (Exception e) {
                throw new AssertionError(session + " could not rejoin after diverging", e);
            }
        }
    }

    /** A local insert; sent now if online and nothing else is in flight. */
    void insert(int at, String piece) {
        send(state.insert(at, piece));
    }

    private void send(Optional<ClientMessage.Op> op) {
        if (op.isPresent() && ws != null) {
            ws.send(op.get());
        }
    }

    String text() {
        return state.text();
    }

    @Override
    public void close() {
        drop();
    }
}
