package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import dev.quire.server.storage.OpRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real servers on port 0 on one real PostgreSQL database and the machine's real Redis
 * ({@code --bus redis://…}, a key prefix of their own): the bus carries every committed op and
 * every presence to the other node at once, the database orders the versions.
 */
class RedisBusTest {
    @RegisterExtension
    static final SharedStore shared = new SharedStore();

    @TempDir
    Path dataDir;

    private QuireServer node(String nodeId) {
        return shared.nodeOnBus(dataDir, nodeId);
    }

    @Test
    void titlesCommentsAndDeletesReachTheEditorsOfTheOtherNode() throws Exception {
        try (QuireServer a = node("node-a");
                QuireServer b = node("node-b");
                WsClient onA = WsClient.connect(a.port());
                WsClient onB = WsClient.connect(b.port())) {
            onA.send("{\"type\":\"join\",\"doc\":\"meta\",\"session\":\"session-aaaa\",\"accept\":[\"comments\"]}");
            onA.nextOfType("joined");
            onB.send("{\"type\":\"join\",\"doc\":\"meta\",\"session\":\"session-bbbb\",\"accept\":[\"comments\"]}");
            onB.nextOfType("joined");
            // Node a is subscribed once it hears of b's editor (live, or read from Redis after
            // subscribing); node b once it has version 1 (live, or read at its subscription).
            onA.nextOfType("presence");
            onA.send(ProtocolTest.op("meta", 0, 1, "[\"hello brave world\"]"));
            assertEquals(1, onA.nextOfType("ack").get("version").asInt());
            assertEquals(1, onB.nextOfType("op").get("version").asInt());

            Http.Response titled = Http.put(a.port(), "/api/docs/meta/title", "{\"title\":\"Minutes ✓\"}");
            assertEquals(200, titled.status(), titled.body());
            assertEquals(
                    "{\"type\":\"title\",\"doc\":\"meta\",\"title\":\"Minutes ✓\"}",
                    onB.nextOfType("title").toString());

            onA.send("{\"type\":\"comment\",\"doc\":\"meta\",\"action\":\"create\",\"version\":1,"
                    + "\"start\":6,\"end\":11,\"text\":\"which one?\"}");
            JsonNode mine = onA.nextOfType("comment");
            JsonNode heard = onB.nextOfType("comment");
            assertEquals(1, heard.get("version").asInt());
            // Read back from PostgreSQL: its time has microseconds, the author's node had nanoseconds.
            ((com.fasterxml.jackson.databind.node.ObjectNode) mine.get("comment")).remove("created");
            ((com.fasterxml.jackson.databind.node.ObjectNode) heard.get("comment")).remove("created");
            assertEquals(mine.get("comment"), heard.get("comment"));
            assertEquals("which one?", heard.get("comment").get("text").asText());
            assertEquals(6, heard.get("comment").get("start").asInt());
            assertEquals(11, heard.get("comment").get("end").asInt());

            assertEquals(204, Http.delete(a.port(), "/api/docs/meta").status());
            JsonNode deleted = onB.next(m -> m.path("type").asText().equals("error"));
            assertEquals("document-deleted", deleted.get("code").asText(), deleted.toString());
        }
        assertEquals(List.of(), shared.opLog("meta"));
    }

    @Test
    void aJoinerIsNotGivenAColourThatTheOtherNodesEditorsHold() throws Exception {
        try (QuireServer a = node("node-a");
                QuireServer b = node("node-b");
                WsClient watcher = WsClient.connect(b.port());
                WsClient newcomer = WsClient.connect(b.port())) {
            List<WsClient> onA = new ArrayList<>();
            Set<String> aColours = new HashSet<>();
            Set<String> aClients = new HashSet<>();
            try {
                for (int i = 0; i < 10; i++) {
                    WsClient ws = WsClient.connect(a.port());
                    onA.add(ws);
                    ws.send(ProtocolTest.join("colours", "session-a" + i));
                    JsonNode joined = ws.nextOfType("joined");
                    aColours.add(joined.get("user").get("color").asText());
                    aClients.add(joined.get("clientId").asText());
                }
                assertEquals(10, aColours.size(), aColours.toString());
                // Node b's first editor is given a colour before node b has read node a's editors
                // (decision 041: it may share one); it then hears of all ten.
                watcher.send(ProtocolTest.join("colours", "session-watcher"));
                JsonNode joined = watcher.nextOfType("joined");
                String watcherColour = joined.get("user").get("color").asText();
                Set<String> heard = new HashSet<>();
                joined.get("peers").forEach(p -> heard.add(p.get("clientId").asText()));
                while (!heard.containsAll(aClients)) {
                    heard.add(watcher.nextOfType("presence").get("clientId").asText());
                }
                // Node b counts them: its next editor takes a colour nobody holds on either node.
                newcomer.send(ProtocolTest.join("colours", "session-newcomer"));
                String colour =
                        newcomer.nextOfType("joined").get("user").get("color").asText();
                assertTrue(!aColours.contains(colour) && !colour.equals(watcherColour), colour + " " + aColours);
            } finally {
                onA.forEach(WsClient::close);
            }
        }
    }

    @Test
    void anOpCommittedOnOneNodeReachesTheEditorsOfTheOtherAtOnce() throws Exception {
        try (QuireServer a = node("node-a");
                QuireServer b = node("node-b");
                WsClient onA = WsClient.connect(a.port());
                WsClient onB = WsClient.connect(b.port())) {
            onA.send(ProtocolTest.join("live", "session-aaaa"));
            onA.nextOfType("joined");
            onB.send(ProtocolTest.join("live", "session-bbbb"));
            JsonNode joined = onB.nextOfType("joined");
            assertEquals(0, joined.get("version").asInt());
            // Node b reads the editors of node a from Redis once it has subscribed: its first
            // editor hears of them right after its joined.
            JsonNode peer = joined.get("peers").isEmpty()
                    ? onB.nextOfType("presence")
                    : joined.get("peers").get(0);
            assertTrue(peer.get("clientId").asText().startsWith("c"), peer.toString());
            JsonNode newcomer = onA.nextOfType("presence");
            assertEquals(
                    joined.get("clientId").asText(), newcomer.get("clientId").asText());

            onA.send(ProtocolTest.op("live", 0, 1, "[\"h😀\"]"));
            assertEquals(1, onA.nextOfType("ack").get("version").asInt());
            JsonNode op = onB.nextOfType("op");
            assertEquals(1, op.get("version").asInt());
            assertEquals("[\"h😀\"]", op.get("op").toString());

            onB.send(ProtocolTest.op("live", 1, 1, "[3,\"!\"]"));
            assertEquals(2, onB.nextOfType("ack").get("version").asInt());
            assertEquals(2, onA.nextOfType("op").get("version").asInt());

            onA.send(
                    "{\"type\":\"presence\",\"doc\":\"live\",\"version\":2,\"selection\":[{\"anchor\":1,\"head\":3}]}");
            JsonNode presence = onB.nextOfType("presence");
            assertEquals(2, presence.get("version").asInt());
            assertEquals(
                    "[{\"anchor\":1,\"head\":3}]", presence.get("selection").toString());

            onA.send("{\"type\":\"leave\",\"doc\":\"live\"}");
            assertEquals(
                    presence.get("clientId").asText(),
                    onB.nextOfType("left").get("clientId").asText());
        }
        assertEquals(
                List.of("[\"h😀\"]", "[3,\"!\"]"),
                shared.opLog("live").stream().map(OpRecord::opJson).toList());
    }

    /**
     * A chat message stored on one node reaches the chat editors of the other at once (issue 17,
     * decision 032), and its joiners get it in their history; ids are one sequence for both.
     */
    @Test
    void aChatMessageOnOneNodeReachesTheChatOfTheOther() throws Exception {
        try (QuireServer a = node("node-a");
                QuireServer b = node("node-b");
                WsClient onA = WsClient.connect(a.port());
                WsClient onB = WsClient.connect(b.port())) {
            String join = "{\"type\":\"join\",\"doc\":\"talk\",\"accept\":[\"chat\"],\"session\":";
            onA.send(join + "\"session-aaaa\",\"user\":{\"name\":\"Ada\"}}");
            onA.nextOfType("chat-history");
            onB.send(join + "\"session-bbbb\",\"user\":{\"name\":\"Bo\"}}");
            onB.nextOfType("chat-history");
            // Node b hears node a's editor once it has subscribed: then a's messages reach it too.
            onB.nextOfType("presence");
            onA.send("{\"type\":\"chat\",\"doc\":\"talk\",\"text\":\"from a\"}");
            JsonNode heard = onB.nextOfType("chat").get("message");
            assertEquals(1, heard.get("id").asLong());
            assertEquals("Ada", heard.get("author").asText());
            assertEquals("from a", heard.get("text").asText());
            onB.send("{\"type\":\"chat\",\"doc\":\"talk\",\"text\":\"from b\"}");
            assertEquals(1, onA.nextOfType("chat").get("message").get("id").asLong());
            JsonNode back = onA.nextOfType("chat").get("message");
            assertEquals(2, back.get("id").asLong());
            assertEquals("Bo", back.get("author").asText());
            try (WsClient late = WsClient.connect(b.port())) {
                late.send(join + "\"session-cccc\"}");
                JsonNode history = late.nextOfType("chat-history");
                assertEquals(2, history.get("messages").size());
                assertEquals(
                        "from a", history.get("messages").get(0).get("text").asText());
            }
        }
    }

    /**
     * Editors on both nodes type into one document with emoji as fast as their acks come back: the
     * nodes commit concurrently, conflicts are retried, and everyone ends with the same text, which
     * is the replay of the op log; every version once, every acked op once.
     */
    @Test
    void editorsOnTwoNodesConvergeAndEveryAckedOpIsInTheLogOnce() throws Exception {
        List<ResumingEditor> editors = new ArrayList<>();
        try (QuireServer a = node("node-a");
                QuireServer b = node("node-b")) {
            for (int i = 0; i < 6; i++) {
                editors.add(new ResumingEditor(i % 2 == 0 ? a.port() : b.port(), "typing", "session-typing-" + i));
            }
            Random random = new Random(7);
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end) {
                for (ResumingEditor e : editors) {
                    e.pump();
                    e.edit(random);
                }
                Thread.sleep(2);
            }
            TwoNodes.settle(editors, 30);
            String text = editors.get(0).text();
            for (ResumingEditor e : editors) {
                assertEquals(text, e.text(), e.session);
            }
            JsonNode onA = Http.get(a.port(), "/api/docs/typing").json();
            JsonNode onB = Http.get(b.port(), "/api/docs/typing").json();
            assertEquals(text, onA.get("content").asText());
            assertEquals(text, onB.get("content").asText());
            List<OpRecord> log = shared.opLog("typing");
            assertEquals(editors.get(0).version(), log.size());
            assertEquals(text, TwoNodes.checkOpLog(log, editors));
            assertTrue(text.codePoints().anyMatch(c -> c == 0x1F600), "the editors typed emoji");
            System.out.println("[redis-bus] " + log.size() + " ops from two nodes, converged");
        } finally {
            editors.forEach(ResumingEditor::close);
        }
    }

    /**
     * Forced conflicts: one editor per node sends an op at the same version at the same moment,
     * twenty times; both are committed, at two different versions, and both editors (and the log)
     * hold them in the same order.
     */
    @Test
    void simultaneousCommitsFromBothNodesAreOrderedOnceAndTheSameEverywhere() throws Exception {
        try (QuireServer a = node("node-a");
                QuireServer b = node("node-b");
                WsClient onA = WsClient.connect(a.port());
                WsClient onB = WsClient.connect(b.port())) {
            onA.send(ProtocolTest.join("race", "session-race-a"));
            onA.nextOfType("joined");
            onB.send(ProtocolTest.join("race", "session-race-b"));
            onB.nextOfType("joined");
            int version = 0;
            for (int round = 1; round <= 20; round++) {
                String opA =
                        ProtocolTest.op("race", version, round, "[" + (version == 0 ? "" : version + ",") + "\"a\"]");
                String opB =
                        ProtocolTest.op("race", version, round, "[" + (version == 0 ? "" : version + ",") + "\"b\"]");
                CountDownLatch go = new CountDownLatch(1);
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    onB.send(opB);
                });
                t.start();
                go.countDown();
                onA.send(opA);
                t.join();
                int ackA = ackOrError(onA).get("version").asInt();
                int ackB = ackOrError(onB).get("version").asInt();
                assertEquals(Set.of(version + 1, version + 2), Set.of(ackA, ackB), "round " + round);
                // The editor that won hears of the other's op before it goes on (as a real client
                // bases its next op only on versions it has); the loser heard it before its ack.
                WsClient first = ackA == version + 1 ? onA : onB;
                assertEquals(version + 2, first.nextOfType("op").get("version").asInt());
                version += 2;
            }
        }
        List<OpRecord> log = shared.opLog("race");
        assertEquals(40, log.size());
        Set<String> seqs = new HashSet<>();
        for (int i = 0; i < log.size(); i++) {
            assertEquals(i + 1, log.get(i).version());
            assertTrue(seqs.add(log.get(i).session() + "#" + log.get(i).seq()));
        }
    }

    private static JsonNode ackOrError(WsClient ws) throws InterruptedException {
        JsonNode m = ws.next(n -> n.path("type").asText().matches("ack|error"));
        assertEquals("ack", m.get("type").asText(), m.toString());
        return m;
    }
}
