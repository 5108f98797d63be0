package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client away for longer than the server keeps history in memory is caught up from the op log
 * on disk, and its pending edits are transformed through it: nothing is lost, everyone converges
 * (decision 020).
 */
class StaleRejoinTest {
    @TempDir
    Path dataDir;

    @Test
    void rejoinOlderThanHistoryLimitAndNewestSnapshotRebasesPendingEdits() throws Exception {
        String[] flags = {"--history-limit", "3", "--snapshot-every", "4", "--op-rate", "0"};
        try (OfflineEditor ada = new OfflineEditor("stale", "session-ada-0001");
                OfflineEditor bob = new OfflineEditor("stale", "session-bob-0001")) {
            try (QuireServer server = ServerFixture.start(dataDir, flags)) {
                ada.connect(server.port());
                bob.connect(server.port());
                ada.insert(0, "[ada]");
                settle(List.of(ada, bob));
                assertEquals(1, ada.state.version());
                // Ada loses her connection and types on: one op to resend, one in the buffer.
                ada.drop();
                ada.insert(5, "<one>");
                ada.insert(0, "<two>");
                for (int i = 0; i < 12; i++) {
                    bob.insert(bob.text().length(), "b" + i);
                    settle(List.of(bob));
                }
                bob.drop();
            }
            // After the restart the document is loaded from its newest snapshot (version 12): the
            // history in memory starts there, far after Ada's version 1.
            try (QuireServer server = ServerFixture.start(dataDir, flags)) {
                bob.connect(server.port());
                bob.insert(0, "after");
                settle(List.of(bob));
                ada.connect(server.port());
                settle(List.of(ada, bob));
                JsonNode doc = Http.get(server.port(), "/api/docs/stale").json();
                String expected = "<two>after[ada]<one>b0b1b2b3b4b5b6b7b8b9b10b11";
                assertEquals(expected, doc.get("content").asText());
                assertEquals(16, doc.get("version").asInt());
                assertEquals(expected, ada.text());
                assertEquals(expected, bob.text());
                assertEquals(16, ada.state.version());
            }
        }
    }

    @Test
    void catchUpOlderThanHistoryLimitComesFromTheOpLogNotAsText() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--history-limit", "2", "--op-rate", "0");
                WsClient ws = WsClient.connect(server.port())) {
            ws.send("{\"type\":\"join\",\"doc\":\"log\",\"session\":\"session-aaaa\"}");
            ws.nextOfType("joined");
            for (int i = 0; i < 9; i++) {
                String op = i == 0 ? "[\"0\"]" : "[" + i + ",\"" + i + "\"]";
                ws.send("{\"type\":\"op\",\"doc\":\"log\",\"version\":" + i + ",\"seq\":" + (i + 1) + ",\"op\":" + op
                        + "}");
                ws.nextOfType("ack");
            }
            // A script's op based on version 1, eight versions behind, is transformed through the log.
            Http.Response rest = Http.post(server.port(), "/api/docs/log/ops", "{\"version\":1,\"op\":[\"x\",1]}");
            assertEquals(200, rest.status());
            assertEquals("{\"version\":10,\"op\":[\"x\",9]}", rest.json().toString());
            try (WsClient again = WsClient.connect(server.port())) {
                again.send("{\"type\":\"join\",\"doc\":\"log\",\"session\":\"session-aaaa\",\"version\":1}");
                JsonNode joined = again.nextOfType("joined");
                assertFalse(joined.has("content"));
                assertEquals(10, joined.get("version").asInt());
                JsonNode ops = joined.get("ops");
                assertEquals(9, ops.size());
                assertEquals(
                        "{\"version\":2,\"op\":[1,\"1\"],\"clientId\":\""
                                + ops.get(0).get("clientId").asText() + "\",\"seq\":2}",
                        ops.get(0).toString());
                assertEquals(
                        "{\"version\":10,\"op\":[\"x\",9],\"clientId\":\"\"}",
                        ops.get(8).toString());
            }
        }
    }

    /** Pumps until every editor has nothing in flight and all hold the same version. */
    static void settle(List<OfflineEditor> editors) {
        BooleanSupplier done = () -> {
            editors.forEach(OfflineEditor::pump);
            return editors.stream().allMatch(e -> e.state.isSynchronized())
                    && editors.stream().map(e -> e.state.version()).distinct().count() == 1;
        };
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(5))
                .until(done::getAsBoolean);
    }
}
