package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.TextOperation;
import dev.quire.server.QuireServer;
import dev.quire.server.bench.AckTimes;
import dev.quire.server.bench.EditorState;
import dev.quire.server.config.ConfigParser;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ServerMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator's editor falls back to one op in flight when its acks lag and returns to its
 * window when they come back quickly (decision 053): the load generator's {@link EditorState} and
 * {@link AckTimes} on a real WebSocket to a real server, with the send and ack times chosen by
 * the test (no sleeps, no clock): each ack is read from the socket when the test says it arrived.
 */
class LaggingAcksTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dataDir;

    private QuireServer server;
    private WsClient ws;
    private final EditorState state =
            EditorState.singleMessages("lag", "ada-session-1").window(3);
    private final AckTimes times = new AckTimes(3);
    /** Every op sent, in order. */
    private final List<ClientMessage.Op> sent = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new QuireServer(ConfigParser.parse(
                List.of("--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString(), "--op-rate", "0"),
                Map.of()));
        ws = WsClient.connect(server.port());
        ws.send(state.join(Optional.empty()));
        ServerMessage joined;
        do {
            joined = ws.nextMessage();
            state.receive(joined);
        } while (!(joined instanceof ServerMessage.Joined));
    }

    @AfterEach
    void stop() {
        ws.close();
        server.close();
    }

    private void send(ClientMessage.Op op, long atMs) {
        times.sent(atMs * MS);
        sent.add(op);
        ws.send(op);
    }

    private void insert(int at, String piece, long atMs) {
        state.insert(at, piece).ifPresent(op -> send(op, atMs));
    }

    /** Reads up to the next ack, taken as arrived at {@code atMs}, as the bench editor does; returns the window. */
    private int ack(long atMs) throws Exception {
        ServerMessage m;
        while (!((m = ws.nextMessage()) instanceof ServerMessage.Ack)) {
            state.receive(m).forEach(op -> send(op, atMs));
        }
        times.acked(atMs * MS);
        state.window(times.window());
        state.receive(m).forEach(op -> send(op, atMs));
        return times.window();
    }

    private static ClientMessage.Op op(int version, long seq, Object... json) {
        return new ClientMessage.Op("lag", version, seq, TextOperation.fromJson(List.of(json)));
    }

    @Test
    void aSlowAckDropsTheWindowToOneAndQuickAcksOpenItAgain() throws Exception {
        insert(0, "a", 0);
        assertEquals(3, ack(2)); // a 2 ms round trip: the floor
        for (String c : List.of("b", "c", "d", "e")) {
            insert(state.text().length(), c, 10);
        }
        assertEquals(List.of(op(0, 1, "a"), op(1, 2, 1, "b"), op(1, 3, 2, "c"), op(1, 4, 3, "d")), sent);
        assertEquals(3, state.inFlight()); // "e" waits in the buffer

        // "b" acknowledged 290 ms after it was sent: the window falls to 1 before the ack is
        // taken, so the buffer is not sent as a fourth pipelined op.
        assertEquals(1, ack(300));
        assertEquals(4, sent.size());
        insert(5, "f", 301);
        assertEquals(1, ack(305));
        assertEquals(4, sent.size());
        assertEquals(1, ack(310));
        // Nothing in flight any more: "e" and "f" go as one op, based on the last ack's version.
        assertEquals(op(4, 5, 4, "ef"), sent.get(4));
        insert(6, "g", 311);
        insert(7, "h", 312);
        assertEquals(5, sent.size()); // one op in flight, as ot.js: the others wait

        // Quick acks again (3 ms): one more in flight per ack, up to the window of 3.
        assertEquals(2, ack(313));
        assertEquals(op(5, 6, 6, "gh"), sent.get(5));
        insert(8, "i", 314);
        assertEquals(op(5, 7, 8, "i"), sent.get(6)); // pipelined: sent at once, at version 5
        insert(9, "j", 314);
        assertEquals(7, sent.size());
        assertEquals(3, ack(317));
        assertEquals(op(6, 8, 9, "j"), sent.get(7));
        insert(10, "k", 318);
        assertEquals(op(6, 9, 10, "k"), sent.get(8));
        assertEquals(3, state.inFlight());
        assertEquals(3, ack(320));
        assertEquals(3, ack(321));
        assertEquals(3, ack(322));
        assertEquals(9, sent.size());
        assertEquals(true, state.isSynchronized());
        assertEquals(1, times.drops());

        JsonNode doc = Http.get(server.port(), "/api/docs/lag").json();
        assertEquals("abcdefghijk", doc.get("content").asText());
        assertEquals(9, doc.get("version").asInt());
        assertEquals("abcdefghijk", state.text());
    }
}
