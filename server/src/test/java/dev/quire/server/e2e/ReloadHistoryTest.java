package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graceful shutdown snapshots every open document at its newest version; after the restart an
 * editor that was behind still gets a catch-up and its op in flight, based before that snapshot,
 * is transformed and applied (the reloaded document keeps its recent history).
 */
class ReloadHistoryTest {
    @TempDir
    Path dataDir;

    @Test
    void anEditorBehindTheShutdownSnapshotCatchesUpAndItsOpIsApplied() throws Exception {
        QuireServer first = ServerFixture.start(dataDir, "--snapshot-every", "1000");
        try (WsClient ws = WsClient.connect(first.port())) {
            ws.send(ProtocolTest.join("reload", "session-writer"));
            ws.nextOfType("joined");
            ws.send(ProtocolTest.op("reload", 0, 1, "[\"abc\"]"));
            ws.nextOfType("ack");
            ws.send(ProtocolTest.op("reload", 1, 2, "[3,\"d\"]"));
            ws.nextOfType("ack");
            ws.send(ProtocolTest.op("reload", 2, 3, "[\">\",4]"));
            assertEquals(3, ws.nextOfType("ack").get("version").asInt());
        }
        first.shutdown(Duration.ofSeconds(10));
        assertEquals("DRAINING", first.lifecycle().state().name());
        first.close(); // after a shutdown: nothing left to do

        try (QuireServer again = ServerFixture.start(dataDir);
                WsClient late = WsClient.connect(again.port())) {
            // This editor saw version 2 and typed "!" at the end; it never heard of version 3.
            late.send(ProtocolTest.join("reload", "session-late", 2));
            JsonNode joined = late.nextOfType("joined");
            assertFalse(joined.has("content"), joined.toString());
            assertEquals(
                    "[{\"version\":3,\"op\":[\">\",4],\"clientId\":\"\"}]",
                    joined.get("ops").toString().replaceAll("\"clientId\":\"c[0-9a-z]+\"", "\"clientId\":\"\""));
            late.send(ProtocolTest.op("reload", 2, 1, "[4,\"!\"]"));
            assertEquals(4, late.nextOfType("ack").get("version").asInt());
            assertEquals(
                    "{\"id\":\"reload\",\"version\":4,\"content\":\">abcd!\"}",
                    Http.get(again.port(), "/api/docs/reload").body());
        }
    }
}
