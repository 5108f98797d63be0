package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.TextChecksum;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code --checksum-every} versions the ack and ops carry the checksum of the text; a
 * replica whose text differs reports it, rejoins, and is healed; the server counts the report.
 */
class DivergenceTest {
    @TempDir
    Path dataDir;

    @Test
    void checksumsAreFnv1aOfTheUtf8Text() {
        assertEquals("811c9dc5", TextChecksum.of(""));
        assertEquals("e40c292c", TextChecksum.of("a"));
        assertEquals("bf9cf968", TextChecksum.of("foobar"));
    }

    @Test
    void aDivergentReplicaIsFoundAtTheNextChecksumAndHealed() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--checksum-every", "4", "--op-rate", "0");
                OfflineEditor ada = new OfflineEditor("div", "session-ada-0001");
                OfflineEditor bob = new OfflineEditor("div", "session-bob-0001")) {
            ada.connect(server.port());
            ada.insert(0, "hello");
            StaleRejoinTest.settle(List.of(ada));
            // Bob's page changes the text it was given (a bad extension): same length, other letters.
            bob.tamper = m -> m instanceof ServerMessage.Joined j && j.content().isPresent()
                    ? new ServerMessage.Joined(
                            j.docId(), j.version(), Optional.of("HELLO"), j.ops(), j.clientId(), j.peers(), j.role())
                    : m;
            bob.connect(server.port());
            bob.tamper = m -> m;
            assertEquals("HELLO", bob.text());
            bob.insert(5, "!");
            StaleRejoinTest.settle(List.of(ada, bob));
            ada.insert(0, ">");
            StaleRejoinTest.settle(List.of(ada, bob));
            assertEquals(3, ada.state.version());
            assertEquals(">HELLO!", bob.text(), "diverged, not yet found");
            // Version 4 carries the checksum: Bob finds out, reports, rejoins and is healed.
            ada.insert(7, "?");
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                ada.pump();
                bob.pump();
                return bob.text().equals(">hello!?");
            });
            assertEquals(1, server.divergenceReports());
            assertEquals(1, bob.divergences);
            assertEquals(0, ada.divergences);
            bob.insert(8, " ok");
            StaleRejoinTest.settle(List.of(ada, bob));
            JsonNode doc = Http.get(server.port(), "/api/docs/div").json();
            assertEquals(">hello!? ok", doc.get("content").asText());
            assertEquals(doc.get("content").asText(), ada.text());
            assertEquals(doc.get("content").asText(), bob.text());
        }
    }

    @Test
    void theChecksumRidesOnTheAckAndTheOpOfEveryNthVersionOnly() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--checksum-every", "2");
                WsClient a = WsClient.connect(server.port());
                WsClient b = WsClient.connect(server.port())) {
            a.send(ProtocolTest.join("sum", "session-aaaa"));
            a.nextOfType("joined");
            b.send(ProtocolTest.join("sum", "session-bbbb"));
            b.nextOfType("joined");
            a.send(ProtocolTest.op("sum", 0, 1, "[\"ab\"]"));
            assertFalse(a.nextOfType("ack").has("checksum"));
            assertFalse(b.nextOfType("op").has("checksum"));
            a.send(ProtocolTest.op("sum", 1, 2, "[2,\"é\"]"));
            String expected = TextChecksum.of("abé");
            assertEquals(
                    "{\"type\":\"ack\",\"doc\":\"sum\",\"seq\":2,\"version\":2,\"checksum\":\"" + expected + "\"}",
                    a.nextOfType("ack").toString());
            assertEquals(expected, b.nextOfType("op").get("checksum").asText());
            // An old client that never reports keeps working; a report is counted.
            b.send("{\"type\":\"diverged\",\"doc\":\"sum\",\"version\":2}");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.divergenceReports() == 1);
        }
    }
}
