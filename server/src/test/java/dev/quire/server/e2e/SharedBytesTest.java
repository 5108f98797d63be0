package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One encoded message, its UTF-8 bytes shared by every WebSocket it goes to and sent from each
 * connection's own I/O thread (decision 035): every receiver, of either transport, gets the same
 * text, non-ASCII characters and large frames included, in order.
 */
class SharedBytesTest {
    /** Two bytes (é), three (漢, 字), four (😀, a surrogate pair in UTF-16) in UTF-8. */
    private static final String TEXT = "héllo 漢字 😀";

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

    private static String join(String docId, String session) {
        return "{\"type\":\"join\",\"doc\":\"" + docId + "\",\"session\":\"" + session + "\",\"accept\":[\"ops\"]}";
    }

    /**
     * The next text frame of type {@code type}, as the server wrote it; for {@code ops}, the next
     * batch with ops (joins move presence, which comes in batches without ops).
     */
    private static String nextFrame(WsClient c, String type) throws InterruptedException {
        while (true) {
            String frame = c.nextFrame();
            JsonNode m = tree(frame);
            if (m.path("type").asText().equals(type)
                    && !(type.equals("ops") && m.path("ops").isEmpty())) {
                return frame;
            }
        }
    }

    private static JsonNode tree(String frame) {
        try {
            return WsClient.JSON.readTree(frame);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + frame, e);
        }
    }

    @Test
    void oneBatchReachesEveryEditorOfBothTransportsAsTheSameText() throws Exception {
        List<WsClient> clients = new ArrayList<>();
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                // Every fourth over the HTTP fallback, which sends the text, not the bytes.
                WsClient c = WsClient.connect(i % 4 == 3 ? Transport.HTTP : Transport.WEBSOCKET, port);
                clients.add(c);
                c.send(join("shared", String.format("session-%04d", i)));
                ids.add(tree(nextFrame(c, "joined")).path("clientId").asText());
            }

            clients.get(0).send(ProtocolTest.op("shared", 0, 1, "[\"" + TEXT + "\"]"));

            String expected = "{\"type\":\"ops\",\"doc\":\"shared\",\"ops\":[{\"version\":1,\"op\":[\"" + TEXT
                    + "\"],\"clientId\":\"" + ids.get(0) + "\",\"seq\":1}]}";
            // The author too: its own entry, with its seq, is its ack.
            for (WsClient c : clients) {
                assertEquals(expected, nextFrame(c, "ops"));
            }
        } finally {
            for (WsClient c : clients) {
                c.close();
            }
        }
    }

    @Test
    void framesLargerThanTheSocketBuffersArriveWholeAndInOrder() throws Exception {
        // 40,000 three-byte characters: a 120 KB frame, several times the 16 KiB buffers.
        String big = "漢".repeat(40_000);
        try (WsClient author = WsClient.connect(port);
                WsClient reader = WsClient.connect(port)) {
            author.send(join("large", "session-auth"));
            nextFrame(author, "joined");
            reader.send(join("large", "session-read"));
            nextFrame(reader, "joined");

            for (int seq = 1; seq <= 3; seq++) {
                int version = seq - 1;
                String op = version == 0 ? "[\"" + big + "\"]" : "[" + version * 40_000 + ",\"" + big + "\"]";
                author.send(ProtocolTest.op("large", version, seq, op));
                assertEquals(
                        seq,
                        tree(nextFrame(author, "ops"))
                                .path("ops")
                                .get(0)
                                .path("seq")
                                .asInt());
            }
            // Each batch whole, in order (one op each: the author waited for each ack).
            for (int version = 1; version <= 3; version++) {
                JsonNode entry = tree(nextFrame(reader, "ops")).path("ops").get(0);
                assertEquals(version, entry.path("version").asInt());
                JsonNode op = entry.path("op");
                assertEquals(big, op.get(op.size() - 1).asText());
            }

            try (WsClient late = WsClient.connect(port)) {
                late.send(join("large", "session-late"));
                JsonNode joined = tree(nextFrame(late, "joined"));
                assertEquals(3, joined.path("version").asInt());
                assertEquals(big.repeat(3), joined.path("content").asText());
            }
        }
    }
}
