package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import dev.quire.server.bench.EditorState;
import dev.quire.server.config.ConfigParser;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.h2.PowerCutFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelining on a real server with fsync on (the default; decision 039): real WebSocket editors
 * send several ops before the first ack while the journal's {@code fdatasync} is held (a stopped
 * disk, {@link PowerCutFiles}). The server places them all at once, acknowledges none before
 * their fsync, then each exactly once and in seq order; every replica ends with the server's text.
 */
class PipelinedEditorsTest {
    @TempDir
    Path dataDir;

    private final PowerCutFiles files = new PowerCutFiles();
    private QuireServer server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new QuireServer(
                ConfigParser.parse(
                        List.of(
                                "--host",
                                "127.0.0.1",
                                "--port",
                                "0",
                                "--data-dir",
                                dataDir.toString(),
                                "--op-rate",
                                "0"),
                        Map.of()),
                files);
    }

    @AfterEach
    void stop() throws Exception {
        files.releaseFsyncs();
        for (AutoCloseable c : open) {
            c.close();
        }
        server.close();
    }

    /** A real socket running the load generator's editor state with a window (ot-core's client). */
    private final class Editor {
        final EditorState state;
        WsClient ws;
        final List<ServerMessage.Ack> acks = new ArrayList<>();
        final List<ServerMessage.Error> errors = new ArrayList<>();

        Editor(String session, int window) throws Exception {
            state = new EditorState("pipe", session).window(window);
            connect(state.join(Optional.empty()));
        }

        void connect(ClientMessage.Join join) throws Exception {
            ws = WsClient.connect(server.port());
            open.add(ws);
            ws.send(join);
        }

        /** Handles every message received so far; true once a joined arrived among them. */
        boolean pump() {
            boolean joined = false;
            String frame;
            while ((frame = ws.inbox.poll()) != null) {
                ServerMessage m = WsClient.CODEC.decodeServer(frame);
                if (m instanceof ServerMessage.Ack a) {
                    acks.add(a);
                } else if (m instanceof ServerMessage.Ops batch) {
                    for (ServerMessage.CatchUpOp e : batch.ops()) {
                        if (state.isOwn(e)) {
                            acks.add(new ServerMessage.Ack("pipe", e.seq().get(), e.version()));
                        }
                    }
                } else if (m instanceof ServerMessage.Error e) {
                    errors.add(e);
                }
                joined |= m instanceof ServerMessage.Joined;
                state.receive(m).forEach(ws::send);
            }
            return joined;
        }

        void insert(int at, String piece) {
            state.insert(at, piece).ifPresent(ws::send);
        }
    }

    private long placed() {
        return Scrape.parse(server.meters().scrape()).count("quire_transforms_per_op_count");
    }

    private void awaitPlaced(long count) {
        await().atMost(Duration.ofSeconds(30)).failFast(() -> placed() > count).until(() -> placed() == count);
    }

    private JsonNode document() throws Exception {
        return Http.get(server.port(), "/api/docs/pipe").json();
    }

    private static List<Long> seqs(List<ServerMessage.Ack> acks) {
        return acks.stream().map(ServerMessage.Ack::seq).toList();
    }

    private static List<Integer> versions(List<ServerMessage.Ack> acks) {
        return acks.stream().map(ServerMessage.Ack::version).toList();
    }

    @Test
    void opsSentBeforeTheFirstAckAreAckedOnceInOrderAfterTheirFsync() throws Exception {
        Editor ada = new Editor("ada-session-1", 8);
        Editor bo = new Editor("bo-session-1", 8);
        await().atMost(Duration.ofSeconds(30)).until(ada::pump);
        await().atMost(Duration.ofSeconds(30)).until(bo::pump);
        // A first op of each, so that the journal's files exist and each session's last seq is in
        // memory (a session's first op in a stored document asks the journal, which waits for its fsync).
        bo.insert(0, "·");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ada.pump();
            bo.pump();
            return ada.state.version() == 1 && bo.state.isSynchronized();
        });
        ada.insert(0, "-");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ada.pump();
            bo.pump();
            return ada.state.isSynchronized() && bo.state.version() == 2;
        });
        files.holdFsyncs();
        bo.insert(0, "Z");
        awaitPlaced(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> files.waitingFsyncs() >= 1);
        // Ada has not seen Bo's "Z" (it is not durable): three ops at version 2, each after the last.
        ada.insert(0, "😀");
        ada.insert(2, "a");
        ada.insert(3, "b");
        assertEquals(3, ada.state.inFlight());
        awaitPlaced(6);
        ada.pump();
        bo.pump();
        assertEquals(List.of(new ServerMessage.Ack("pipe", 1, 2)), ada.acks, "acknowledged before its fsync");
        assertEquals(List.of(new ServerMessage.Ack("pipe", 1, 1)), bo.acks, "acknowledged before its fsync");

        files.releaseFsyncs();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ada.pump();
            bo.pump();
            return ada.state.isSynchronized() && bo.state.isSynchronized() && bo.state.version() == 6;
        });
        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(ada.acks));
        assertEquals(List.of(2, 4, 5, 6), versions(ada.acks));
        assertEquals(List.of(1L, 2L), seqs(bo.acks));
        assertEquals(List.of(1, 3), versions(bo.acks));
        assertEquals(List.of(), ada.errors);
        // Bo's "Z" was placed first; Ada's emoji, made without seeing it, wins the tie at 0 as on
        // her screen, and her next ops follow it: the same text everywhere.
        JsonNode doc = document();
        assertEquals("😀abZ-·", doc.get("content").asText());
        assertEquals(6, doc.get("version").asInt());
        assertEquals("😀abZ-·", ada.state.text());
        assertEquals("😀abZ-·", bo.state.text());
    }

    @Test
    void aSessionsFirstOpIsPlacedWhileAGroupWithoutItIsBeingFlushed() throws Exception {
        Editor ada = new Editor("ada-session-4", 8);
        Editor bo = new Editor("bo-session-4", 8);
        await().atMost(Duration.ofSeconds(30)).until(ada::pump);
        await().atMost(Duration.ofSeconds(30)).until(bo::pump);
        ada.insert(0, "x"); // the document is stored from now on
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ada.pump();
            bo.pump();
            return ada.state.isSynchronized() && bo.state.version() == 1;
        });
        files.holdFsyncs();
        ada.insert(1, "y");
        awaitPlaced(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> files.waitingFsyncs() >= 1);
        // Bo's first op: the document is stored and his session's last seq is not in memory, so
        // the journal is asked for it; it answers without waiting for the flush of Ada's group,
        // which holds nothing of Bo's (decision 047). Before, the op's thread waited there until
        // the fsync was released.
        bo.insert(0, "b");
        awaitPlaced(3);
        ada.pump();
        bo.pump();
        assertEquals(List.of(new ServerMessage.Ack("pipe", 1, 1)), ada.acks, "acknowledged before its fsync");
        assertEquals(List.of(), bo.acks, "acknowledged before its fsync");

        files.releaseFsyncs();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ada.pump();
            bo.pump();
            return ada.state.isSynchronized() && bo.state.isSynchronized() && ada.state.version() == 3;
        });
        assertEquals(List.of(1L, 2L), seqs(ada.acks));
        assertEquals(List.of(1, 2), versions(ada.acks));
        assertEquals(List.of(new ServerMessage.Ack("pipe", 1, 3)), bo.acks);
        assertEquals(List.of(), bo.errors);
        assertEquals("bxy", document().get("content").asText());
        assertEquals("bxy", ada.state.text());
        assertEquals("bxy", bo.state.text());
    }

    @Test
    void aReconnectInTheMiddleOfAWindowResendsExactlyOnce() throws Exception {
        Editor ada = new Editor("ada-session-2", 8);
        await().atMost(Duration.ofSeconds(30)).until(ada::pump);
        ada.insert(0, "x");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ada.pump();
            return ada.state.isSynchronized();
        });
        files.holdFsyncs();
        // Seq 2 and 3 reach the server; seq 4 is lost with the socket.
        ClientMessage.Op two = new ClientMessage.Op("pipe", 1, 2, EditingClient.parse(json("[1,\"🎉\"]")));
        ClientMessage.Op three = new ClientMessage.Op("pipe", 1, 3, EditingClient.parse(json("[3,\"y\"]")));
        ClientMessage.Op four = new ClientMessage.Op("pipe", 1, 4, EditingClient.parse(json("[4,\"z\"]")));
        ada.ws.send(two);
        ada.ws.send(three);
        awaitPlaced(3);
        ada.ws.close();
        files.releaseFsyncs();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> document().get("version").asInt() == 3);

        // The editor comes back at version 1 with 2, 3 and 4 in flight: its catch-up acknowledges
        // 2 and 3; it resends 3 (as if its catch-up had not shown it) and 4, exactly as first sent.
        WsClient again = WsClient.connect(server.port());
        open.add(again);
        again.send(ProtocolTest.join("pipe", "ada-session-2", 1));
        JsonNode joined = again.nextOfType("joined");
        assertEquals(List.of(2, 3), seqsOf(joined.get("ops")));
        again.send(three);
        again.send(four);
        JsonNode reAck = again.nextOfType("ack");
        assertEquals(3, reAck.get("seq").asInt());
        assertEquals(3, reAck.get("version").asInt());
        JsonNode ack = again.nextOfType("ack");
        assertEquals(4, ack.get("seq").asInt());
        assertEquals(4, ack.get("version").asInt());
        // Seq 4 followed 2 and 3, as sent: "x🎉yz", no op applied twice.
        JsonNode doc = document();
        assertEquals("x🎉yz", doc.get("content").asText());
        assertEquals(4, doc.get("version").asInt());
    }

    @Test
    void anOpPastTheMostInFlightIsRefusedWithAStableCode() throws Exception {
        WsClient ws = WsClient.connect(server.port());
        open.add(ws);
        ws.send(ProtocolTest.join("pipe", "cy-session-1"));
        ws.nextOfType("joined");
        ws.send(ProtocolTest.op("pipe", 0, 1, "[\"a\"]"));
        ws.nextOfType("ack");
        files.holdFsyncs();
        for (int seq = 2; seq <= 34; seq++) {
            ws.send(ProtocolTest.op("pipe", 1, seq, "[" + (seq - 1) + ",\"b\"]"));
        }
        JsonNode error = ws.nextOfType("error");
        assertEquals("too-many-in-flight", error.get("code").asText());
        assertEquals(34, error.get("seq").asInt());
        assertEquals(
                "submit: 32 ops of the session in flight at version 1, the most allowed is 32",
                error.get("message").asText());
        files.releaseFsyncs();
        List<Integer> acked = new ArrayList<>();
        while (acked.size() < 32) {
            acked.add(ws.nextOfType("ack").get("seq").asInt());
        }
        for (int i = 0; i < 32; i++) {
            assertEquals(i + 2, acked.get(i));
        }
        JsonNode doc = document();
        assertEquals(33, doc.get("version").asInt());
        assertEquals("a" + "b".repeat(32), doc.get("content").asText());
        assertTrue(placed() >= 33);
    }

    @Test
    void aPipelinedOpWhoseOpsInFlightReachBeyondTheHistoryInMemoryIsRefused() throws Exception {
        server.close();
        server = new QuireServer(
                ConfigParser.parse(
                        List.of(
                                "--host",
                                "127.0.0.1",
                                "--port",
                                "0",
                                "--data-dir",
                                dataDir.resolve("short").toString(),
                                "--op-rate",
                                "0",
                                "--history-limit",
                                "4"),
                        Map.of()),
                files);
        WsClient ada = WsClient.connect(server.port());
        WsClient bo = WsClient.connect(server.port());
        open.add(ada);
        open.add(bo);
        ada.send(ProtocolTest.join("pipe", "ada-session-3"));
        ada.nextOfType("joined");
        bo.send(ProtocolTest.join("pipe", "bo-session-3"));
        bo.nextOfType("joined");
        ada.send(ProtocolTest.op("pipe", 0, 1, "[\"a\"]"));
        ada.nextOfType("ack");
        for (int seq = 1; seq <= 6; seq++) {
            bo.send(ProtocolTest.op("pipe", seq, seq, "[" + seq + ",\"b\"]"));
            assertEquals(seq + 1, bo.nextOfType("ack").get("version").asInt());
        }
        // Ada's seq 2, sent at version 0 right after her seq 1 (placed at version 1): its bridge
        // would start at version 0, older than the 4 versions kept in memory.
        ada.send(ProtocolTest.op("pipe", 0, 2, "[1,\"c\"]"));
        JsonNode error = ada.nextOfType("error");
        assertEquals("version-out-of-range", error.get("code").asText());
        assertEquals(2, error.get("seq").asInt());
        assertEquals(
                "op of seq 2 follows ops in flight placed more than the 4 versions kept in memory after its"
                        + " version 0; rejoin",
                error.get("message").asText());
        assertEquals(7, document().get("version").asInt());
    }

    private static List<Integer> seqsOf(JsonNode ops) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode op : ops) {
            if (op.has("seq")) {
                out.add(op.get("seq").asInt());
            }
        }
        return out;
    }

    private static JsonNode json(String text) throws Exception {
        return WsClient.JSON.readTree(text);
    }
}
