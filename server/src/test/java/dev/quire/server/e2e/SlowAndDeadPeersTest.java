package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that stops reading is closed without slowing others; a silent peer is closed. */
class SlowAndDeadPeersTest {
    @TempDir
    Path dataDir;

    /** The transport under test; {@link SlowAndDeadPeersOverHttpTest} runs these over the fallback. */
    Transport transport() {
        return Transport.WEBSOCKET;
    }

    /** An editor that joins, then stops reading (a WebSocket nobody reads; a fallback that stops polling). */
    private WsClient slowEditor(int port, String docId) throws Exception {
        WsClient slow = WsClient.connect(transport(), port);
        slow.send(ProtocolTest.join(docId, "session-slow"));
        slow.nextOfType("joined");
        slow.reading(false);
        return slow;
    }

    @Test
    void aClientThatStopsReadingIsClosedAndOthersKeepGoing() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--send-queue", "4")) {
            // The slow editor reads its joined message, then never asks for another frame.
            WsClient slow = slowEditor(server.port(), "busy");
            try (WsClient fast = WsClient.connect(transport(), server.port())) {
                fast.send(ProtocolTest.join("busy", "session-fast"));
                int version = fast.nextOfType("joined").get("version").asInt();
                await().atMost(Duration.ofSeconds(30)).until(() -> server.liveDocuments() == 1);
                String chunk = "x".repeat(60_000);
                int length = 0;
                for (int seq = 1; seq <= 120; seq++) {
                    fast.send(ProtocolTest.op(
                            "busy", version, seq, "[" + (length == 0 ? "" : length + ",") + "\"" + chunk + "\"]"));
                    JsonNode ack = fast.nextOfType("ack");
                    version = ack.get("version").asInt();
                    length += chunk.length();
                }
                assertEquals(120, version);
                await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == 1);
            }
            slow.close();
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedWhenItsQueueHoldsTooManyBytes() throws Exception {
        // Few messages (the count limit is far), but large ones: the byte limit closes it.
        try (QuireServer server = ServerFixture.start(
                dataDir, "--send-queue", "100000", "--send-queue-bytes", "1048576", "--op-rate", "0")) {
            WsClient slow = slowEditor(server.port(), "heavy");
            try (WsClient fast = WsClient.connect(transport(), server.port())) {
                fast.send(ProtocolTest.join("heavy", "session-fast"));
                int version = fast.nextOfType("joined").get("version").asInt();
                await().atMost(Duration.ofSeconds(30)).until(() -> server.liveDocuments() == 1);
                String chunk = "y".repeat(100_000);
                // Insert then delete the chunk: the document stays small, every op is 100 KB on the wire.
                for (int seq = 1; seq <= 200; seq++) {
                    String op = seq % 2 == 1 ? "[\"" + chunk + "\"]" : "[-" + chunk.length() + "]";
                    fast.send(ProtocolTest.op("heavy", version, seq, op));
                    version = fast.nextOfType("ack").get("version").asInt();
                }
                assertEquals(200, version);
                await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == 1);
            }
            slow.close();
        }
    }

    @Test
    void aSilentPeerIsClosedAndLeaves() throws Exception {
        // The watcher answers every ping (polls again) well within the peer timeout, even on a
        // loaded machine; the silent peer never does.
        try (QuireServer server = ServerFixture.start(dataDir, "--ping-interval", "250ms", "--peer-timeout", "3s");
                WsClient watcher = WsClient.connect(transport(), server.port())) {
            watcher.send(ProtocolTest.join("quiet", "session-watch"));
            watcher.nextOfType("joined");
            AutoCloseable silent = silentPeer(server.port());
            try {
                // The silent peer never answers a ping (never polls again): it is closed, and its editor leaves.
                JsonNode left = watcher.nextOfType("left");
                assertEquals("quiet", left.get("doc").asText());
                await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == 1);
            } finally {
                silent.close();
            }
        }
    }

    /** A peer that joins "quiet" and then goes silent without closing. */
    private AutoCloseable silentPeer(int port) throws Exception {
        if (transport() == Transport.HTTP) {
            WsClient peer = WsClient.connect(Transport.HTTP, port);
            peer.send(ProtocolTest.join("quiet", "session-dead"));
            peer.nextOfType("joined");
            peer.abort();
            return peer;
        }
        Socket silent = new Socket("127.0.0.1", port);
        OutputStream out = silent.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(maskedText(ProtocolTest.join("quiet", "session-dead")));
        out.flush();
        InputStream in = silent.getInputStream();
        byte[] head = new byte[12];
        assertEquals(12, in.readNBytes(head, 0, 12));
        assertEquals("HTTP/1.1 101", new String(head, StandardCharsets.US_ASCII));
        return silent;
    }

    /** A client text frame (clients must mask; a zero mask leaves the payload as is). */
    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("short frames only");
        }
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, frame, 6, payload.length);
        return frame;
    }
}
