package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import dev.quire.server.config.ServerConfig;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.StorageException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real servers on port 0 sharing one real PostgreSQL database, without a bus ({@code --bus
 * local}): they do not see each other's ops live, so every write of the one behind conflicts in
 * the database, and the conflict path (catch up, transform, commit again) is what keeps the
 * document whole. The second node is started with the refusal to share a database without a bus
 * turned off, as only a test does.
 */
class ClusterTest {
    @RegisterExtension
    static final SharedStore shared = new SharedStore();

    @TempDir
    Path dataDir;

    private ServerConfig config(String nodeId) {
        return shared.config(dataDir, nodeId);
    }

    private QuireServer node(String nodeId) {
        return new QuireServer(config(nodeId));
    }

    private QuireServer nodeBesideAnother(String nodeId) {
        ServerConfig c = config(nodeId);
        return new QuireServer(c.withStore(c.store().allowingPeersWithoutBus()));
    }

    private List<OpRecord> opLog(String docId) {
        return shared.opLog(docId);
    }

    @Test
    void anOpOnTheNodeBehindIsTransformedPastTheOtherNodesOpAndCommittedOnce() throws Exception {
        try (QuireServer a = node("node-a");
                QuireServer b = nodeBesideAnother("node-b");
                WsClient onA = WsClient.connect(a.port());
                WsClient onB = WsClient.connect(b.port())) {
            onA.send(ProtocolTest.join("shared", "session-aaaa"));
            onA.nextOfType("joined");
            onA.send(ProtocolTest.op("shared", 0, 1, "[\"a\"]"));
            assertEquals(1, onA.nextOfType("ack").get("version").asInt());

            onB.send(ProtocolTest.join("shared", "session-bbbb"));
            JsonNode joinedOnB = onB.nextOfType("joined");
            assertEquals(1, joinedOnB.get("version").asInt());
            assertEquals("a", joinedOnB.get("content").asText());
            onB.send(ProtocolTest.op("shared", 1, 1, "[1,\"b\"]"));
            assertEquals(2, onB.nextOfType("ack").get("version").asInt());

            // Node a has not heard of version 2: its editor's op, made at version 1, conflicts in
            // the database; node a reads the winner, sends it to its editor, and commits the op
            // transformed past it as version 3.
            onA.send(ProtocolTest.op("shared", 1, 2, "[1,\"c\"]"));
            JsonNode winner = onA.next(m -> m.path("type").asText().matches("op|ack"));
            assertEquals("op", winner.get("type").asText());
            assertEquals(2, winner.get("version").asInt());
            assertEquals("[1,\"b\"]", winner.get("op").toString());
            JsonNode ack = onA.nextOfType("ack");
            assertEquals(3, ack.get("version").asInt());
            assertEquals(2, ack.get("seq").asInt());

            // A join on node b reads the tail node b missed.
            try (WsClient late = WsClient.connect(b.port())) {
                late.send(ProtocolTest.join("shared", "session-cccc"));
                JsonNode joined = late.nextOfType("joined");
                assertEquals(3, joined.get("version").asInt());
                assertEquals("acb", joined.get("content").asText());
            }
        }
        List<OpRecord> log = opLog("shared");
        assertEquals(List.of(1, 2, 3), log.stream().map(OpRecord::version).toList());
        assertEquals(
                List.of("session-aaaa", "session-bbbb", "session-aaaa"),
                log.stream().map(OpRecord::session).toList());
        assertEquals(List.of(1L, 1L, 2L), log.stream().map(OpRecord::seq).toList());
        assertEquals("[1,\"c\",1]", log.get(2).opJson());
    }

    /**
     * Forced conflict with two ops in flight on node a (both appending since decision 049): node
     * b committed versions 2 and 3 first. Node a goes back to version 1 in memory, applies the
     * winners the conflict carried, and commits both lost ops again, transformed past them — no
     * reload from the store (the conflict counter says how each conflict was got past) — and every
     * editor on both nodes sees one order, the op log's.
     */
    @Test
    void aConflictIsTransformedInMemoryWithoutAReloadAndTheOrderIsTheSameEverywhere() throws Exception {
        try (QuireServer a = node("node-a");
                QuireServer b = nodeBesideAnother("node-b");
                WsClient x = WsClient.connect(a.port());
                WsClient y = WsClient.connect(a.port());
                WsClient watcherOnA = WsClient.connect(a.port());
                WsClient onB = WsClient.connect(b.port())) {
            x.send(ProtocolTest.join("forced", "session-xxxx"));
            x.nextOfType("joined");
            x.send(ProtocolTest.op("forced", 0, 1, "[\"a\ud83d\ude00\"]"));
            assertEquals(1, x.nextOfType("ack").get("version").asInt());
            y.send(ProtocolTest.join("forced", "session-yyyy", 1));
            y.nextOfType("joined");
            watcherOnA.send(ProtocolTest.join("forced", "session-wwww", 1));
            watcherOnA.nextOfType("joined");

            onB.send(ProtocolTest.join("forced", "session-bbbb", 1));
            assertEquals(1, onB.nextOfType("joined").get("version").asInt());
            onB.send(ProtocolTest.op("forced", 1, 1, "[3,\"b\"]"));
            assertEquals(2, onB.nextOfType("ack").get("version").asInt());
            onB.send(ProtocolTest.op("forced", 2, 2, "[4,\"c\"]"));
            assertEquals(3, onB.nextOfType("ack").get("version").asInt());

            // Both made at version 1, which node a believes current.
            x.send(ProtocolTest.op("forced", 1, 2, "[\"X\",3]"));
            y.send(ProtocolTest.op("forced", 1, 1, "[1,\"Y\",2]"));
            int ackX = x.nextOfType("ack").get("version").asInt();
            int ackY = y.nextOfType("ack").get("version").asInt();
            assertEquals(java.util.Set.of(4, 5), java.util.Set.of(ackX, ackY));

            List<Integer> seen = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                seen.add(watcherOnA.nextOfType("op").get("version").asInt());
            }
            assertEquals(List.of(2, 3, 4, 5), seen);

            Scrape metrics = Scrape.of(a.port());
            assertEquals(1, metrics.count("quire_conflicts_total{outcome=\"transformed\"}"));
            assertEquals(0, metrics.count("quire_conflicts_total{outcome=\"reloaded\"}"));

            try (WsClient late = WsClient.connect(b.port())) {
                late.send(ProtocolTest.join("forced", "session-llll"));
                JsonNode joined = late.nextOfType("joined");
                assertEquals(5, joined.get("version").asInt());
                assertEquals("XaY\ud83d\ude00bc", joined.get("content").asText());
            }
            try (WsClient lateOnA = WsClient.connect(a.port())) {
                lateOnA.send(ProtocolTest.join("forced", "session-mmmm"));
                assertEquals(
                        "XaY\ud83d\ude00bc",
                        lateOnA.nextOfType("joined").get("content").asText());
            }
        }
        List<OpRecord> log = opLog("forced");
        assertEquals(List.of(1, 2, 3, 4, 5), log.stream().map(OpRecord::version).toList());
        assertEquals(
                java.util.Set.of("session-xxxx/2", "session-yyyy/1"),
                java.util.Set.of(
                        log.get(3).session() + "/" + log.get(3).seq(),
                        log.get(4).session() + "/" + log.get(4).seq()));
    }

    /**
     * Pipelining across a conflict (decisions 037 and 039): an editor on node a sends two ops at
     * once, the second following the first; node b has committed two ops node a has not heard of,
     * so node a's append conflicts, and both ops are placed again from their original submissions
     * after b's. The second must follow the first's new place, not its old one.
     */
    @Test
    void aPipelinedOpFollowsItsPredecessorsNewPlaceAfterAConflict() throws Exception {
        try (QuireServer a = node("node-a");
                QuireServer b = nodeBesideAnother("node-b");
                WsClient x = WsClient.connect(a.port());
                WsClient onB = WsClient.connect(b.port())) {
            x.send(ProtocolTest.join("piped", "session-xxxx"));
            x.nextOfType("joined");
            x.send(ProtocolTest.op("piped", 0, 1, "[\"a\ud83d\ude00\"]"));
            assertEquals(1, x.nextOfType("ack").get("version").asInt());

            onB.send(ProtocolTest.join("piped", "session-bbbb", 1));
            assertEquals(1, onB.nextOfType("joined").get("version").asInt());
            onB.send(ProtocolTest.op("piped", 1, 1, "[3,\"b\"]"));
            assertEquals(2, onB.nextOfType("ack").get("version").asInt());
            onB.send(ProtocolTest.op("piped", 2, 2, "[4,\"c\"]"));
            assertEquals(3, onB.nextOfType("ack").get("version").asInt());

            // Both at version 1: "X" at 0, then "Q" after it (seq 3 applies after seq 2).
            x.send(ProtocolTest.op("piped", 1, 2, "[\"X\",3]"));
            x.send(ProtocolTest.op("piped", 1, 3, "[1,\"Q\",3]"));
            JsonNode first = x.nextOfType("ack");
            JsonNode second = x.nextOfType("ack");
            assertEquals(
                    List.of(2, 4),
                    List.of(first.get("seq").asInt(), first.get("version").asInt()));
            assertEquals(
                    List.of(3, 5),
                    List.of(second.get("seq").asInt(), second.get("version").asInt()));
            assertTrue(Scrape.of(a.port()).count("quire_conflicts_total{outcome=\"transformed\"}") >= 1);

            try (WsClient late = WsClient.connect(b.port())) {
                late.send(ProtocolTest.join("piped", "session-llll"));
                JsonNode joined = late.nextOfType("joined");
                assertEquals(5, joined.get("version").asInt());
                assertEquals("XQa\ud83d\ude00bc", joined.get("content").asText());
            }
        }
        List<OpRecord> log = opLog("piped");
        assertEquals(List.of(1, 2, 3, 4, 5), log.stream().map(OpRecord::version).toList());
        assertEquals(
                List.of("session-xxxx/1", "session-bbbb/1", "session-bbbb/2", "session-xxxx/2", "session-xxxx/3"),
                log.stream().map(r -> r.session() + "/" + r.seq()).toList());
    }

    /**
     * Exactly-once across nodes: an op committed through node a and resent to node b (its editor
     * lost the ack and reconnected elsewhere) is acknowledged there with the version it has, and
     * is in the op log once — although node b had loaded the document before the op existed.
     */
    @Test
    void aResendToAnotherNodeIsAcknowledgedAndNotAppliedTwice() throws Exception {
        try (QuireServer a = node("node-a");
                QuireServer b = nodeBesideAnother("node-b");
                WsClient watcherOnB = WsClient.connect(b.port())) {
            watcherOnB.send(ProtocolTest.join("once", "session-wwww"));
            assertEquals(0, watcherOnB.nextOfType("joined").get("version").asInt());
            try (WsClient onA = WsClient.connect(a.port())) {
                onA.send(ProtocolTest.join("once", "session-ssss"));
                onA.nextOfType("joined");
                onA.send(ProtocolTest.op("once", 0, 1, "[\"x\"]"));
                assertEquals(1, onA.nextOfType("ack").get("version").asInt());
            }
            try (WsClient onB = WsClient.connect(b.port())) {
                onB.send(ProtocolTest.join("once", "session-ssss", 0));
                onB.nextOfType("joined");
                onB.send(ProtocolTest.op("once", 0, 1, "[\"x\"]"));
                JsonNode ack = onB.nextOfType("ack");
                assertEquals(1, ack.get("version").asInt());
                assertEquals(1, ack.get("seq").asInt());
                onB.send(ProtocolTest.op("once", 1, 2, "[1,\"y\"]"));
                assertEquals(2, onB.nextOfType("ack").get("version").asInt());
            }
        }
        List<OpRecord> log = opLog("once");
        assertEquals(
                List.of("[\"x\"]", "[1,\"y\"]"),
                log.stream().map(OpRecord::opJson).toList());
        assertEquals(List.of(1L, 2L), log.stream().map(OpRecord::seq).toList());
    }

    /**
     * A session joined on node b, idle, while its op is committed through node a (it also has a
     * socket there): the resend on node b finds the seq in the database, node b catches up, and
     * the editor gets exactly one ack — from the catch-up — and then goes on with its next seq.
     */
    @Test
    void aResendOnANodeThatWasBehindIsAcknowledgedOnce() throws Exception {
        try (QuireServer a = node("node-a");
                QuireServer b = nodeBesideAnother("node-b");
                WsClient onB = WsClient.connect(b.port());
                WsClient watcherOnB = WsClient.connect(b.port())) {
            onB.send(ProtocolTest.join("behind", "session-ssss", 0));
            assertEquals(0, onB.nextOfType("joined").get("version").asInt());
            watcherOnB.send(ProtocolTest.join("behind", "session-wwww", 0));
            watcherOnB.nextOfType("joined");
            try (WsClient onA = WsClient.connect(a.port())) {
                onA.send(ProtocolTest.join("behind", "session-ssss", 0));
                onA.nextOfType("joined");
                onA.send(ProtocolTest.op("behind", 0, 1, "[\"x\"]"));
                assertEquals(1, onA.nextOfType("ack").get("version").asInt());
            }
            onB.send(ProtocolTest.op("behind", 0, 1, "[\"x\"]"));
            JsonNode ack = onB.next(m -> m.path("type").asText().matches("op|ack|error"));
            assertEquals("ack", ack.get("type").asText());
            assertEquals(1, ack.get("version").asInt());
            assertEquals(1, ack.get("seq").asInt());
            JsonNode op = watcherOnB.nextOfType("op");
            assertEquals(1, op.get("version").asInt());
            assertEquals("[\"x\"]", op.get("op").toString());
            assertEquals(null, onB.quietFor(500));
            onB.send(ProtocolTest.op("behind", 1, 2, "[1,\"y\"]"));
            assertEquals(2, onB.nextOfType("ack").get("version").asInt());
        }
        assertEquals(
                List.of("[\"x\"]", "[1,\"y\"]"),
                opLog("behind").stream().map(OpRecord::opJson).toList());
    }

    @Test
    void aNodeWithoutABusRefusesToStartBesideARunningNode() throws Exception {
        try (QuireServer a = node("node-a")) {
            StorageException refused =
                    assertThrows(StorageException.class, () -> node("node-b").close());
            assertTrue(
                    refused.getMessage().contains("another node is running on this database (node-a seen"),
                    refused.getMessage());
            StorageException sameId =
                    assertThrows(StorageException.class, () -> node("node-a").close());
            assertTrue(sameId.getMessage().contains("node id node-a is in use"), sameId.getMessage());
        }
        // A node that stopped deleted its row: the next one starts at once.
        try (QuireServer b = node("node-b")) {
            assertEquals("node-b", b.nodeId());
        }
    }

    /** The row of a node that died without deleting it stops counting 15 s after its last heartbeat. */
    @Test
    void aDeadNodesRowStopsBlockingAfterFifteenSeconds() throws Exception {
        shared.database()
                .execute("INSERT INTO nodes (node_id, instance, bus, started, last_seen) VALUES"
                        + " ('crashed-1', 'x', 'local', now() - interval '1 hour', now() - interval '16 seconds')");
        try (QuireServer a = node("node-a")) {
            assertEquals("node-a", a.nodeId());
        }
        long set = System.nanoTime();
        shared.database()
                .execute("UPDATE nodes SET last_seen = now() - interval '10 seconds' WHERE node_id = 'crashed-1'");
        StorageException refused =
                assertThrows(StorageException.class, () -> node("node-a").close());
        // 10 s, plus the time the node took to start (seconds on a loaded machine).
        long since = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - set) + 1;
        Matcher seen = Pattern.compile("\\(crashed-1 seen (\\d+) s ago\\)").matcher(refused.getMessage());
        assertTrue(seen.find(), refused.getMessage());
        long ago = Long.parseLong(seen.group(1));
        assertTrue(ago >= 10 && ago <= 10 + since, ago + " s ago, " + since + " s after the update");
    }
}
