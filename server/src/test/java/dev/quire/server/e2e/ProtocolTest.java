package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Join, catch-up, ops, acks, presence and leave against a real server. */
class ProtocolTest {
    @TempDir
    Path dataDir;

    QuireServer server;
    int port;

    @BeforeEach
    void start() {
        server = ServerFixture.start(dataDir);
        port = server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The transport under test; {@link ProtocolOverHttpTest} runs every test here over the fallback. */
    Transport transport() {
        return Transport.WEBSOCKET;
    }

    WsClient connect() throws Exception {
        return WsClient.connect(transport(), port);
    }

    static String join(String docId, String session) {
        return "{\"type\":\"join\",\"doc\":\"" + docId + "\",\"session\":\"" + session
                + "\",\"user\":{\"name\":\"  Ada  \"}}";
    }

    static String join(String docId, String session, int version) {
        return "{\"type\":\"join\",\"doc\":\"" + docId + "\",\"session\":\"" + session + "\",\"version\":" + version
                + "}";
    }

    static String op(String docId, int version, int seq, String opJson) {
        return "{\"type\":\"op\",\"doc\":\"" + docId + "\",\"version\":" + version + ",\"seq\":" + seq + ",\"op\":"
                + opJson + "}";
    }

    @Test
    void anOpReachesAnotherConnectionOfItsOwnSessionAsAnAck() throws Exception {
        // A session that rejoined on a new socket while its op was still on the old one must not
        // receive that op as someone else's: it would apply its own text twice.
        try (WsClient old = connect();
                WsClient rejoined = connect();
                WsClient other = connect()) {
            old.send(join("twice", "session-same"));
            old.nextOfType("joined");
            rejoined.send(join("twice", "session-same", 0));
            rejoined.nextOfType("joined");
            other.send(join("twice", "session-othr"));
            other.nextOfType("joined");

            old.send(op("twice", 0, 1, "[\"hi\"]"));
            assertEquals(
                    "{\"type\":\"ack\",\"doc\":\"twice\",\"seq\":1,\"version\":1}",
                    old.nextOfType("ack").toString());
            assertEquals(
                    "{\"type\":\"ack\",\"doc\":\"twice\",\"seq\":1,\"version\":1}",
                    rejoined.nextOfType("ack").toString());
            JsonNode atOther = other.nextOfType("op");
            assertEquals(1, atOther.get("version").asInt());
            assertEquals("[\"hi\"]", atOther.get("op").toString());
            assertEquals(
                    "hi",
                    Http.get(port, "/api/docs/twice").json().get("content").asText());
        }
    }

    @Test
    void joinEditAckBroadcastCatchUpAndLeave() throws Exception {
        try (WsClient a = connect();
                WsClient b = connect()) {
            a.send(join("notes", "session-aaaa"));
            JsonNode joinedA = a.nextOfType("joined");
            assertEquals("notes", joinedA.get("doc").asText());
            assertEquals(0, joinedA.get("version").asInt());
            assertEquals("", joinedA.get("content").asText());
            assertEquals(0, joinedA.get("peers").size());
            String clientA = joinedA.get("clientId").asText();

            a.send(op("notes", 0, 1, "[\"Hello 😀\"]"));
            JsonNode ack = a.nextOfType("ack");
            assertEquals("{\"type\":\"ack\",\"doc\":\"notes\",\"seq\":1,\"version\":1}", ack.toString());

            b.send(join("notes", "session-bbbb"));
            JsonNode joinedB = b.nextOfType("joined");
            assertEquals(1, joinedB.get("version").asInt());
            assertEquals("Hello 😀", joinedB.get("content").asText());
            assertEquals(1, joinedB.get("peers").size());
            JsonNode peer = joinedB.get("peers").get(0);
            assertEquals(clientA, peer.get("clientId").asText());
            assertEquals("Ada", peer.get("user").get("name").asText());
            assertTrue(peer.get("user").get("color").asText().matches("#[0-9a-f]{6}"));

            // b edits at version 1; a receives it as an op producing version 2, never its own op.
            b.send(op("notes", 1, 1, "[8,\"!\"]"));
            assertEquals(2, b.nextOfType("ack").get("version").asInt());
            JsonNode opAtA = a.nextOfType("op");
            assertEquals(2, opAtA.get("version").asInt());
            assertEquals("[8,\"!\"]", opAtA.get("op").toString());
            assertEquals(joinedB.get("clientId").asText(), opAtA.get("clientId").asText());

            // Concurrent op from a based on version 1 is transformed to follow b's insert.
            a.send(op("notes", 1, 2, "[\"> \",8]"));
            assertEquals(3, a.nextOfType("ack").get("version").asInt());
            JsonNode opAtB = b.nextOfType("op");
            assertEquals("[\"> \",9]", opAtB.get("op").toString());
            assertEquals(
                    "> Hello 😀!",
                    Http.get(port, "/api/docs/notes").json().get("content").asText());

            b.send("{\"type\":\"leave\",\"doc\":\"notes\"}");
            JsonNode left = a.nextOfType("left");
            assertEquals(joinedB.get("clientId").asText(), left.get("clientId").asText());
        }
    }

    @Test
    void catchUpJoinGivesOpsAndMarksOwnOpsWithSeq() throws Exception {
        try (WsClient a = connect();
                WsClient b = connect()) {
            a.send(join("doc", "session-aaaa"));
            a.nextOfType("joined");
            a.send(op("doc", 0, 1, "[\"abc\"]"));
            a.nextOfType("ack");
            b.send(join("doc", "session-bbbb"));
            b.nextOfType("joined");
            b.send(op("doc", 1, 1, "[3,\"d\"]"));
            b.nextOfType("ack");
            a.send(op("doc", 2, 2, "[4,\"e\"]"));
            a.nextOfType("ack");
        }
        try (WsClient again = connect()) {
            again.send(join("doc", "session-aaaa", 0));
            JsonNode joined = again.nextOfType("joined");
            assertEquals(3, joined.get("version").asInt());
            assertFalse(joined.has("content"));
            JsonNode ops = joined.get("ops");
            assertEquals(3, ops.size());
            assertEquals(
                    "{\"version\":1,\"op\":[\"abc\"],\"clientId\":\""
                            + ops.get(0).get("clientId").asText() + "\",\"seq\":1}",
                    ops.get(0).toString());
            assertFalse(ops.get(1).has("seq"));
            assertEquals(2, ops.get(2).get("seq").asInt());
            assertEquals("[4,\"e\"]", ops.get(2).get("op").toString());
        }
    }

    @Test
    void presenceArrivesTransformedToTheCurrentVersion() throws Exception {
        try (WsClient a = connect();
                WsClient b = connect()) {
            a.send(join("p", "session-aaaa"));
            a.nextOfType("joined");
            a.send(op("p", 0, 1, "[\"0123456789\"]"));
            a.nextOfType("ack");
            b.send(join("p", "session-bbbb"));
            b.nextOfType("joined");
            // a inserts 3 characters at 0 (version 2); b, still at version 1, selects 4..6.
            a.send(op("p", 1, 2, "[\"xyz\",10]"));
            a.nextOfType("ack");
            b.nextOfType("op");
            b.send("{\"type\":\"presence\",\"doc\":\"p\",\"version\":1,\"selection\":[{\"anchor\":4,\"head\":6}]}");
            JsonNode presence = a.nextOfType("presence");
            assertEquals(2, presence.get("version").asInt());
            assertEquals(
                    "[{\"anchor\":7,\"head\":9}]", presence.get("selection").toString());
            assertEquals("Ada", presence.get("user").get("name").asText());
            // A later joiner sees b's selection among the peers, at the joined version.
            try (WsClient c = connect()) {
                c.send(join("p", "session-cccc"));
                JsonNode joined = c.nextOfType("joined");
                JsonNode peers = joined.get("peers");
                assertEquals(2, peers.size());
                assertEquals(
                        "[{\"anchor\":7,\"head\":9}]",
                        peers.get(1).get("selection").toString());
            }
        }
    }

    @Test
    void reconnectWithOpInFlightAppliesItOnce() throws Exception {
        try (WsClient a = connect()) {
            a.send(join("r", "session-aaaa"));
            a.nextOfType("joined");
            a.send(op("r", 0, 1, "[\"one \"]"));
            a.nextOfType("ack");
            // Sent, then the socket dies before the ack can be read.
            a.send(op("r", 1, 2, "[4,\"two\"]"));
            a.abort();
        }
        try (WsClient a = connect()) {
            a.send(join("r", "session-aaaa", 1));
            JsonNode joined = a.nextOfType("joined");
            // The op may or may not have been applied before the join: either way it is applied once.
            a.send(op("r", 1, 2, "[4,\"two\"]"));
            JsonNode ack = a.nextOfType("ack");
            assertEquals(2, ack.get("seq").asInt());
            assertEquals(2, ack.get("version").asInt());
            assertTrue(joined.get("version").asInt() <= 2);
            // Resending again, later, still gives the original ack.
            a.send(op("r", 1, 2, "[4,\"two\"]"));
            assertEquals(ack, a.nextOfType("ack"));
        }
        JsonNode docId = Http.get(port, "/api/docs/r").json();
        assertEquals("one two", docId.get("content").asText());
        assertEquals(2, docId.get("version").asInt());
    }

    @Test
    void authorNeverReceivesItsOwnOp() throws Exception {
        try (WsClient a = connect()) {
            a.send(join("own", "session-aaaa"));
            a.nextOfType("joined");
            a.send(op("own", 0, 1, "[\"x\"]"));
            a.nextOfType("ack");
            assertNull(a.quietFor(300));
        }
    }
}
