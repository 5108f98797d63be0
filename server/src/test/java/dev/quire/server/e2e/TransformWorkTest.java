package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transform work is bounded per op (the budget), and one expensive op does not stall other
 * documents: it runs on the document pool, not on the socket's I/O thread.
 */
class TransformWorkTest {
    private static final int BASE = 10_000;
    private static final int BEHIND = 3_000;
    private static final int CHUNK = 250;

    @TempDir
    Path dataDir;

    /**
     * Gives {@code doc} a text of {@value #BASE} characters at version 1 and {@value #BEHIND}
     * small ops after it, then joins {@code ws} to it again as a second editor's session,
     * {@code session-heavy}, that is still at version 1 (an op of the growing session itself based
     * on version 1 would follow that session's own later ops: pipelining, decision 039); returns
     * the heavy session's first seq.
     */
    private static int grow(WsClient ws, String doc) throws Exception {
        ws.send(ProtocolTest.join(doc, "session-grow"));
        ws.nextOfType("joined");
        ws.send(ProtocolTest.op(doc, 0, 1, "[\"" + "a".repeat(BASE) + "\"]"));
        // In chunks, each acknowledged before the next is sent: the ops are set-up, not load.
        int version = 0;
        for (int i = 0; i < BEHIND; i++) {
            ws.send(ProtocolTest.op(doc, 1 + i, 2 + i, "[" + (BASE + i) + ",\"z\"]"));
            if ((i + 1) % CHUNK == 0 || i + 1 == BEHIND) {
                while (version < 2 + i) {
                    version = ws.nextOfType("ack").get("version").asInt();
                }
            }
        }
        ws.send(ProtocolTest.join(doc, "session-heavy", 1));
        ws.nextOfType("joined");
        return 1;
    }

    /** An op made at version 1: a "b" after every character, {@code 2 * BASE} components. */
    private static String heavyOp() {
        StringBuilder op = new StringBuilder("[");
        for (int i = 0; i < BASE; i++) {
            op.append(i == 0 ? "" : ",").append("1,\"b\"");
        }
        return op.append(']').toString();
    }

    @Test
    void anOpOverTheTransformBudgetIsRefusedSoTheClientRebases() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--op-rate", "0", "--transform-budget", "1000000");
                WsClient ws = WsClient.connect(server.port())) {
            int seq = grow(ws, "heavy");
            try (WsClient watch = WsClient.connect(server.port())) {
                watch.send(ProtocolTest.join("heavy", "session-watch"));
                watch.nextOfType("joined");
                ws.send(ProtocolTest.op("heavy", 1, seq, heavyOp()));
                JsonNode error = ws.nextOfType("error");
                assertEquals("version-out-of-range", error.get("code").asText());
                assertEquals(seq, error.get("seq").asInt());
                assertTrue(
                        error.get("message").asText().contains("over the transform budget of 1000000"),
                        error.get("message").asText());
                assertNull(watch.quietFor(300));
                // Rebased on the current version, the same edit costs nothing to transform.
                ws.send(ProtocolTest.op("heavy", BEHIND + 1, seq, "[\"b\"," + (BASE + BEHIND) + "]"));
                assertEquals(BEHIND + 2, ws.nextOfType("ack").get("version").asInt());
            }
        }
    }

    @Test
    void aHeavyOpOnOneDocumentDoesNotStallAnotherOnTheSameSocket() throws Exception {
        // One socket (so one I/O thread) edits both documents; the budget lets the heavy op in.
        try (QuireServer server = ServerFixture.start(
                        dataDir, "--op-rate", "0", "--transform-budget", "10000000000", "--document-threads", "4");
                WsClient ws = WsClient.connect(server.port())) {
            int seq = grow(ws, "slow");
            ws.send(ProtocolTest.join("light", "session-grow"));
            ws.nextOfType("joined");
            ws.send(ProtocolTest.op("slow", 1, seq, heavyOp()));
            for (int i = 0; i < 5; i++) {
                ws.send(ProtocolTest.op("light", i, i + 1, "[" + (i == 0 ? "" : i + ",") + "\"x\"]"));
            }
            // Every ack of the light document arrives before the heavy op's: its transform did
            // not hold the socket's thread.
            int lightAcks = 0;
            while (true) {
                JsonNode m = ws.next(n -> n.path("type").asText().matches("ack|error"));
                assertEquals("ack", m.get("type").asText(), m.toString());
                if (m.get("doc").asText().equals("slow")) {
                    break;
                }
                lightAcks++;
            }
            assertEquals(5, lightAcks);
        }
    }
}
