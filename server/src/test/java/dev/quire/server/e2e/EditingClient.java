package dev.quire.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.quire.ot.TextOperation;
import dev.quire.server.bench.EditorState;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.transport.JsonCodec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scripted editor: a real connection (either transport) plus the load generator's {@link EditorState} (ot-core's
 * client, the local text, random inserts with emoji and deletes at random positions).
 */
final class EditingClient implements AutoCloseable {
    final WsClient ws;
    final String docId;
    final String session;
    /** What the scripted editors type: letters, emoji (surrogate pairs), accents, CJK, line breaks, runs. */
    private static final List<String> PIECES = List.of("a", "b", "c", " ", "😀", "é", "漢", "🎉x", "\n", "ab");

    private final EditorState state;
    int acks;
    /** Every ack received: seq -> version. */
    final Map<Integer, Integer> acked = new ConcurrentHashMap<>();

    /** An editor that reads batches ({@code "accept":["ops"]}). */
    EditingClient(int port, String docId, String session) throws Exception {
        this(Transport.WEBSOCKET, port, docId, session);
    }

    EditingClient(Transport transport, int port, String docId, String session) throws Exception {
        this(transport, port, new EditorState(docId, session));
    }

    /** An editor that joins without {@code accept}, as clients before batches did: single messages only. */
    static EditingClient singleMessages(int port, String docId, String session) throws Exception {
        return singleMessages(Transport.WEBSOCKET, port, docId, session);
    }

    /** {@link #singleMessages(int, String, String)} over {@code transport}. */
    static EditingClient singleMessages(Transport transport, int port, String docId, String session) throws Exception {
        return new EditingClient(transport, port, EditorState.singleMessages(docId, session));
    }

    /** An editor that keeps up to {@code window} ops in flight (pipelining, decision 039). */
    static EditingClient pipelining(Transport transport, int port, String docId, String session, int window)
            throws Exception {
        return new EditingClient(transport, port, new EditorState(docId, session).window(window));
    }

    /** An editor that joins with the display name {@code name} (recorded as its ops' author). */
    static EditingClient named(int port, String docId, String session, String name) throws Exception {
        return new EditingClient(Transport.WEBSOCKET, port, new EditorState(docId, session), Optional.of(name));
    }

    private EditingClient(Transport transport, int port, EditorState state) throws Exception {
        this(transport, port, state, Optional.empty());
    }

    private EditingClient(Transport transport, int port, EditorState state, Optional<String> name) throws Exception {
        this.ws = WsClient.connect(transport, port);
        this.docId = state.docId();
        this.session = state.session();
        this.state = state;
        ws.send(state.join(name));
        ServerMessage m = ws.nextMessage();
        while (!(m instanceof ServerMessage.Joined)) {
            m = ws.nextMessage();
        }
        state.receive(m);
    }

    /** Handles every message already received. */
    void pump() {
        String frame;
        while ((frame = ws.inbox.poll()) != null) {
            handle(WsClient.CODEC.decodeServer(frame));
        }
    }

    void handle(ServerMessage m) {
        if (m instanceof ServerMessage.Ack ack) {
            acks++;
            acked.put(Math.toIntExact(ack.seq()), ack.version());
        } else if (m instanceof ServerMessage.Ops batch) {
            for (ServerMessage.CatchUpOp entry : batch.ops()) {
                if (state.isOwn(entry)) {
                    acks++;
                    acked.put(Math.toIntExact(entry.seq().get()), entry.version());
                }
            }
        } else if (!(m instanceof ServerMessage.Op
                || m instanceof ServerMessage.Presence
                || m instanceof ServerMessage.Left)) {
            throw new AssertionError(session + " got unexpected " + m);
        }
        state.receive(m).forEach(ws::send);
    }

    /** The op of a REST op-log entry. */
    static TextOperation parse(JsonNode op) {
        return JsonCodec.parseOp((ArrayNode) op);
    }

    /** One random local edit. */
    void edit(Random random) {
        state.edit(random, PIECES).ifPresent(ws::send);
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
        ws.close();
    }
}
