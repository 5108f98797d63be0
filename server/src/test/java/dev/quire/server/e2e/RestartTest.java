package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart on the same data directory, and unloading of idle documents. */
class RestartTest {
    @TempDir
    Path dataDir;

    @Test
    void everyDocumentAndVersionSurvivesARestart() throws Exception {
        String[] expected = new String[3];
        try (QuireServer server = ServerFixture.start(dataDir, "--snapshot-every", "3")) {
            try (WsClient ws = WsClient.connect(server.port())) {
                for (int d = 0; d < 3; d++) {
                    ws.send(ProtocolTest.join("doc" + d, "session-aaaa"));
                    ws.nextOfType("joined");
                    String text = "";
                    for (int v = 0; v < 5 + d; v++) {
                        ws.send(ProtocolTest.op("doc" + d, v, v + 1, "[" + (v == 0 ? "" : v + ",") + "\"" + d + "\"]"));
                        ws.nextOfType("ack");
                        text += d;
                    }
                    expected[d] = text;
                }
            }
        }
        try (QuireServer server = ServerFixture.start(dataDir)) {
            for (int d = 0; d < 3; d++) {
                JsonNode docId = Http.get(server.port(), "/api/docs/doc" + d).json();
                assertEquals(5 + d, docId.get("version").asInt());
                assertEquals(expected[d], docId.get("content").asText());
                assertEquals(
                        expected[d].substring(0, 2),
                        Http.get(server.port(), "/api/docs/doc" + d + "?version=2")
                                .json()
                                .get("content")
                                .asText());
            }
            // The session continues with its next seq after the restart; a resend is still acked.
            try (WsClient ws = WsClient.connect(server.port())) {
                ws.send(ProtocolTest.join("doc0", "session-aaaa", 5));
                assertEquals(0, ws.nextOfType("joined").get("ops").size());
                ws.send(ProtocolTest.op("doc0", 4, 5, "[4,\"0\"]"));
                assertEquals(5, ws.nextOfType("ack").get("version").asInt());
                ws.send(ProtocolTest.op("doc0", 5, 6, "[5,\"!\"]"));
                assertEquals(6, ws.nextOfType("ack").get("version").asInt());
            }
        }
    }

    @Test
    void idleDocumentsAreUnloadedAndReloadIntact() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--idle-unload", "200ms")) {
            try (WsClient ws = WsClient.connect(server.port())) {
                ws.send(ProtocolTest.join("idle", "session-aaaa"));
                ws.nextOfType("joined");
                ws.send(ProtocolTest.op("idle", 0, 1, "[\"kept\"]"));
                ws.nextOfType("ack");
                ws.send("{\"type\":\"leave\",\"doc\":\"idle\"}");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.liveDocuments() == 0);
            try (WsClient ws = WsClient.connect(server.port())) {
                ws.send(ProtocolTest.join("idle", "session-aaaa"));
                JsonNode joined = ws.nextOfType("joined");
                assertEquals(1, joined.get("version").asInt());
                assertEquals("kept", joined.get("content").asText());
                ws.send(ProtocolTest.op("idle", 1, 2, "[4,\"!\"]"));
                assertEquals(2, ws.nextOfType("ack").get("version").asInt());
            }
        }
    }
}
