package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --history-retention} on a real server and a real H2 file (decision 029): the sweep folds
 * ops older than the retention into the newest snapshot before them; a client older than the log
 * gets {@code joined} with the text and {@code compacted}, its op {@code history-compacted}; a
 * client whose version the log still holds is caught up from it as before; the milestones stay.
 */
class HistoryRetentionTest {
    @TempDir
    Path dataDir;

    @Test
    void aClientOlderThanTheCompactedLogGetsTheDocumentedAnswer() throws Exception {
        String[] flags = {"--history-retention", "1s", "--history-limit", "1", "--snapshot-every", "4", "--op-rate", "0"
        };
        try (QuireServer server = ServerFixture.start(dataDir, flags);
                WsClient ws = WsClient.connect(server.port())) {
            ws.send("{\"type\":\"join\",\"doc\":\"kept\",\"session\":\"session-aaaa\"}");
            ws.nextOfType("joined");
            for (int i = 0; i < 9; i++) {
                String op = i == 0 ? "[\"0\"]" : "[" + i + ",\"" + i + "\"]";
                ws.send("{\"type\":\"op\",\"doc\":\"kept\",\"version\":" + i + ",\"seq\":" + (i + 1) + ",\"op\":" + op
                        + "}");
                ws.nextOfType("ack");
            }
            // Snapshots at 4 and 8; once op 8 is older than a second, ops 1..7 are folded.
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> firstLoggedVersion(server.port(), "kept") == 8);
            JsonNode log =
                    Http.get(server.port(), "/api/docs/kept/ops?from=1").json().get("ops");
            assertEquals(2, log.size());
            assertEquals(9, log.get(1).get("version").asInt());

            // Older than the log: the text and where the log starts; nothing to rebase onto.
            try (WsClient stale = WsClient.connect(server.port())) {
                stale.send("{\"type\":\"join\",\"doc\":\"kept\",\"session\":\"session-bbbb\",\"version\":2}");
                JsonNode joined = stale.nextOfType("joined");
                assertEquals("012345678", joined.get("content").asText());
                assertEquals(9, joined.get("version").asInt());
                assertEquals(7, joined.get("compacted").asInt());
                assertFalse(joined.has("ops"));
                stale.send("{\"type\":\"op\",\"doc\":\"kept\",\"version\":2,\"seq\":1,\"op\":[2,\"x\"]}");
                JsonNode error = stale.nextOfType("error");
                assertEquals("history-compacted", error.get("code").asText());
                assertEquals(1, error.get("seq").asInt());
                assertEquals(
                        "version 2 is older than this document's history, which starts at version 7"
                                + " (--history-retention)",
                        error.get("message").asText());
            }
            // Within the log (memory holds only version 8 on): caught up from it, no text.
            try (WsClient recent = WsClient.connect(server.port())) {
                recent.send("{\"type\":\"join\",\"doc\":\"kept\",\"session\":\"session-cccc\",\"version\":7}");
                JsonNode joined = recent.nextOfType("joined");
                assertFalse(joined.has("content"));
                assertFalse(joined.has("compacted"));
                assertEquals(2, joined.get("ops").size());
                assertEquals(8, joined.get("ops").get(0).get("version").asInt());
                recent.send("{\"type\":\"op\",\"doc\":\"kept\",\"version\":7,\"seq\":1,\"op\":[7,\"y\"]}");
                assertEquals(10, recent.nextOfType("ack").get("version").asInt());
            }
            assertEquals(
                    "0123456y78",
                    Http.get(server.port(), "/api/docs/kept")
                            .json()
                            .get("content")
                            .asText());

            // The milestones stay readable; a folded version between them is 410.
            assertEquals(
                    "0123",
                    Http.get(server.port(), "/api/docs/kept?version=4")
                            .json()
                            .get("content")
                            .asText());
            Http.Response folded = Http.get(server.port(), "/api/docs/kept?version=5");
            assertEquals(410, folded.status());
            assertEquals("history-compacted", folded.json().get("code").asText());
            assertEquals(
                    "01234567",
                    Http.get(server.port(), "/api/docs/kept?version=8")
                            .json()
                            .get("content")
                            .asText());
        }
    }

    private static int firstLoggedVersion(int port, String doc) throws Exception {
        JsonNode ops = Http.get(port, "/api/docs/" + doc + "/ops?from=1").json().get("ops");
        return ops.isEmpty() ? -1 : ops.get(0).get("version").asInt();
    }
}
