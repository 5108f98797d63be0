package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits of one connection, one test per rule, against a real server: the error or close
 * code, and that nothing was applied or broadcast.
 */
class LimitsTest {
    @TempDir
    Path dataDir;

    private static String insertAt(int version, int length, String text) {
        return "[" + (length == 0 ? "" : length + ",") + "\"" + text + "\"]";
    }

    private static String presence(String doc, int version, int ranges) {
        StringBuilder s = new StringBuilder(
                "{\"type\":\"presence\",\"doc\":\"" + doc + "\",\"version\":" + version + ",\"selection\":[");
        for (int i = 0; i < ranges; i++) {
            s.append(i == 0 ? "" : ",")
                    .append("{\"anchor\":")
                    .append(i)
                    .append(",\"head\":")
                    .append(i)
                    .append('}');
        }
        return s.append("]}").toString();
    }

    private static int version(QuireServer server, String doc) throws Exception {
        return Http.get(server.port(), "/api/docs/" + doc).json().get("version").asInt();
    }

    /** A watcher joined to {@code doc}, its joined message read. */
    private static WsClient watcher(QuireServer server, String doc) throws Exception {
        WsClient w = WsClient.connect(server.port());
        w.send(ProtocolTest.join(doc, "session-watcher"));
        w.nextOfType("joined");
        return w;
    }

    @Test
    void anOpOverTheRateIsRefusedWithRetryAfterAndNotApplied() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--op-rate", "1", "--op-burst", "5");
                WsClient watch = watcher(server, "fast");
                WsClient ws = WsClient.connect(server.port())) {
            ws.send(ProtocolTest.join("fast", "session-fast"));
            ws.nextOfType("joined");
            // Six ops at once: the burst takes five, the sixth finds no token.
            for (int seq = 1; seq <= 6; seq++) {
                ws.send(ProtocolTest.op("fast", seq - 1, seq, insertAt(seq - 1, seq - 1, "x")));
            }
            int acks = 0;
            JsonNode refused = null;
            while (acks + (refused == null ? 0 : 1) < 6) {
                JsonNode m = ws.next(n -> n.path("type").asText().matches("ack|error"));
                if (m.get("type").asText().equals("ack")) {
                    acks++;
                } else {
                    refused = m;
                }
            }
            assertEquals(5, acks);
            assertEquals("rate-limited", refused.get("code").asText());
            assertEquals(6, refused.get("seq").asInt());
            assertEquals("fast", refused.get("doc").asText());
            assertTrue(refused.get("retryAfterMs").asLong() >= 1, refused.toString());
            for (int v = 1; v <= 5; v++) {
                assertEquals(v, watch.nextOfType("op").get("version").asInt());
            }
            assertNull(watch.quietFor(300));
            assertEquals(5, version(server, "fast"));
        }
    }

    @Test
    void aClientThatKeepsFloodingIsClosed1008() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--op-rate", "1", "--op-burst", "1");
                WsClient ws = WsClient.connect(server.port())) {
            ws.send(ProtocolTest.join("flood", "session-flood"));
            ws.nextOfType("joined");
            // The same op again and again, ignoring every retryAfterMs: resends change nothing.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (!ws.closeCode.isDone() && System.nanoTime() < deadline) {
                try {
                    ws.send(ProtocolTest.op("flood", 0, 1, "[\"x\"]"));
                } catch (RuntimeException closed) {
                    break;
                }
                Thread.sleep(20);
            }
            assertEquals(1008, ws.awaitClose());
            assertEquals(1, version(server, "flood"));
        }
    }

    @Test
    void anOpThatWouldGrowTheDocumentPastTheLimitIsRefused() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--max-document-bytes", "1024");
                WsClient watch = watcher(server, "big");
                WsClient ws = WsClient.connect(server.port())) {
            ws.send(ProtocolTest.join("big", "session-big"));
            ws.nextOfType("joined");
            ws.send(ProtocolTest.op("big", 0, 1, insertAt(0, 0, "a".repeat(1000))));
            assertEquals(1, ws.nextOfType("ack").get("version").asInt());
            // 13 characters but 26 bytes: 1,000 + 26 is over 1,024.
            ws.send(ProtocolTest.op("big", 1, 2, insertAt(1, 1000, "\u00e9".repeat(13))));
            JsonNode error = ws.nextOfType("error");
            assertEquals("document-too-large", error.get("code").asText());
            assertEquals(2, error.get("seq").asInt());
            assertEquals(1, watch.nextOfType("op").get("version").asInt());
            assertNull(watch.quietFor(300));
            Http.Response rest = Http.post(
                    server.port(),
                    "/api/docs/big/ops",
                    "{\"version\":1,\"op\":" + insertAt(1, 1000, "b".repeat(25)) + "}");
            assertEquals(413, rest.status());
            assertEquals("document-too-large", rest.json().get("code").asText());
            assertEquals(1, version(server, "big"));
            assertEquals(
                    1000,
                    Http.get(server.port(), "/api/docs/big")
                            .json()
                            .get("content")
                            .asText()
                            .length());
        }
    }

    @Test
    void aJoinOverTheDocumentLimitIsRefused() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--max-documents-per-connection", "2");
                WsClient ws = WsClient.connect(server.port())) {
            ws.send(ProtocolTest.join("one", "session-many"));
            ws.nextOfType("joined");
            ws.send(ProtocolTest.join("two", "session-many"));
            ws.nextOfType("joined");
            ws.send(ProtocolTest.join("one", "session-many"));
            assertEquals("one", ws.nextOfType("joined").get("doc").asText());
            ws.send(ProtocolTest.join("three", "session-many"));
            JsonNode error = ws.nextOfType("error");
            assertEquals("too-many-documents", error.get("code").asText());
            assertEquals("three", error.get("doc").asText());
            ws.send(ProtocolTest.op("three", 0, 1, "[\"x\"]"));
            assertEquals("not-joined", ws.nextOfType("error").get("code").asText());
            assertEquals(404, Http.get(server.port(), "/api/docs/three").status());
            ws.send("{\"type\":\"leave\",\"doc\":\"two\"}");
            ws.send(ProtocolTest.join("three", "session-many"));
            assertEquals("three", ws.nextOfType("joined").get("doc").asText());
        }
    }

    @Test
    void aPresenceWithTooManyRangesIsRefused() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--max-presence-ranges", "2");
                WsClient watch = watcher(server, "sel");
                WsClient ws = WsClient.connect(server.port())) {
            ws.send(ProtocolTest.join("sel", "session-sel"));
            ws.nextOfType("joined");
            ws.send(ProtocolTest.op("sel", 0, 1, "[\"abcdef\"]"));
            ws.nextOfType("ack");
            watch.nextOfType("op");
            ws.send(presence("sel", 1, 3));
            JsonNode error = ws.nextOfType("error");
            assertEquals("invalid-op", error.get("code").asText());
            assertEquals("presence: 3 ranges, at most 2", error.get("message").asText());
            assertNull(watch.quietFor(300));
            ws.send(presence("sel", 1, 2));
            assertEquals(2, watch.nextOfType("presence").get("selection").size());
        }
    }

    @Test
    void presenceIsCoalescedPerEditorAndTheNewestAlwaysArrives() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient watch = watcher(server, "drag");
                WsClient ws = WsClient.connect(server.port())) {
            ws.send(ProtocolTest.join("drag", "session-drag"));
            ws.nextOfType("joined");
            ws.send(ProtocolTest.op("drag", 0, 1, insertAt(0, 0, "x".repeat(300))));
            ws.nextOfType("ack");
            watch.nextOfType("op");
            int sent = 200;
            for (int i = 0; i < sent; i++) {
                ws.send("{\"type\":\"presence\",\"doc\":\"drag\",\"version\":1,\"selection\":[{\"anchor\":" + i
                        + ",\"head\":" + i + "}]}");
            }
            int received = 0;
            int last = -1;
            while (last != sent - 1) {
                JsonNode p = watch.nextOfType("presence");
                int anchor = p.get("selection").get(0).get("anchor").asInt();
                assertTrue(anchor > last, "presence out of order: " + anchor + " after " + last);
                last = anchor;
                received++;
            }
            assertTrue(received < sent, "every presence was forwarded: " + received);
            assertNull(watch.quietFor(300));
        }
    }

    @Test
    void aJoinAloneStoresNothing() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient ws = WsClient.connect(server.port())) {
            for (int i = 0; i < 20; i++) {
                ws.send(ProtocolTest.join("probe-" + i, "session-probe"));
                assertEquals(0, ws.nextOfType("joined").get("version").asInt());
                ws.send("{\"type\":\"leave\",\"doc\":\"probe-" + i + "\"}");
            }
            assertEquals(404, Http.get(server.port(), "/api/docs/probe-3").status());
            assertEquals(
                    0, Http.get(server.port(), "/api/docs").json().get("docs").size());
            // The first op creates it: it appears in the list.
            ws.send(ProtocolTest.join("probe-3", "session-probe"));
            ws.nextOfType("joined");
            ws.send(ProtocolTest.op("probe-3", 0, 1, "[\"hi\"]"));
            ws.nextOfType("ack");
            JsonNode docs = Http.get(server.port(), "/api/docs").json().get("docs");
            assertEquals(1, docs.size());
            assertEquals("probe-3", docs.get(0).get("id").asText());
        }
    }

    @Test
    void prototypeNamesAreNotDocumentIds() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient ws = WsClient.connect(server.port())) {
            for (String id : new String[] {"__proto__", "constructor", "prototype"}) {
                ws.send(ProtocolTest.join(id, "session-proto"));
                assertEquals(
                        "invalid-doc-id", ws.nextOfType("error").get("code").asText());
                Http.Response rest =
                        Http.post(server.port(), "/api/docs/" + id + "/ops", "{\"version\":0,\"op\":[\"x\"]}");
                assertEquals(400, rest.status());
                assertEquals("invalid-doc-id", rest.json().get("code").asText());
            }
            assertEquals(
                    0, Http.get(server.port(), "/api/docs").json().get("docs").size());
            ws.send(ProtocolTest.join("__proto__x", "session-proto"));
            ws.nextOfType("joined");
        }
    }

    @Test
    void repeatedProtocolErrorsCloseTheSocket1008() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--max-protocol-errors", "5");
                WsClient ws = WsClient.connect(server.port())) {
            for (int i = 0; i < 10; i++) {
                try {
                    ws.send("garbage " + i);
                } catch (RuntimeException closed) {
                    break;
                }
            }
            assertEquals(1008, ws.awaitClose());
            int errors = 0;
            String frame;
            while ((frame = ws.inbox.poll()) != null) {
                assertEquals(
                        "malformed-message",
                        WsClient.JSON.readTree(frame).get("code").asText());
                errors++;
            }
            assertEquals(5, errors);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 0);
        }
    }

    @Test
    void jsonNestingAndNumberLengthAreBounded() throws Exception {
        // Both in a field the server ignores: only the read constraints refuse them.
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient ws = WsClient.connect(server.port())) {
            ws.send("{\"type\":\"join\",\"doc\":\"deep\",\"session\":\"session-deep\",\"x\":" + "[".repeat(20)
                    + "]".repeat(20) + "}");
            JsonNode deep = ws.nextOfType("error");
            assertEquals("malformed-message", deep.get("code").asText());
            ws.send("{\"type\":\"join\",\"doc\":\"deep\",\"session\":\"session-deep\",\"x\":" + "9".repeat(40) + "}");
            assertEquals("malformed-message", ws.nextOfType("error").get("code").asText());
            ws.send(ProtocolTest.join("deep", "session-deep"));
            assertEquals("deep", ws.nextOfType("joined").get("doc").asText());
            assertFalse(ws.closeCode.isDone());
        }
    }
}
