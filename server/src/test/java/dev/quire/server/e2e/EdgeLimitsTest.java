package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits at the edge: WebSocket connections per address (429 before the upgrade), the time to the
 * first join (close 4408), and no permessage-deflate.
 */
class EdgeLimitsTest {
    @TempDir
    Path dataDir;

    @Test
    void connectionsPerAddressOverTheCapAre429BeforeTheUpgrade() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--max-connections-per-ip", "2")) {
            int port = server.port();
            WsClient first = WsClient.connect(port);
            try (WsClient second = WsClient.connect(port)) {
                // The client sees the 101 before the server has opened its side of the socket.
                await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == 2);
                RawHttp.Response third = RawHttp.send(port, RawHttp.upgrade("127.0.0.1:" + port, ""));
                assertEquals(429, third.status(), third.body());
                assertEquals("rate-limited", third.json().get("code").asText());
                assertEquals(
                        "more than 2 WebSocket connections from one address",
                        third.json().get("message").asText());
                assertEquals(2, server.connectionCount());
                // Closing one frees its place.
                first.close();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    try (WsClient again = WsClient.connect(port)) {
                        OriginTest.edits(again, "again");
                        return true;
                    }
                });
                OriginTest.edits(second, "second");
            }
        }
    }

    @Test
    void aSocketThatNeverJoinsIsClosedWith4408() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--join-timeout", "1s");
                WsClient joined = joinedInTime(server.port())) {
            try (WsClient idle = WsClient.connect(server.port())) {
                assertEquals(4408, idle.awaitClose());
            }
            // The deadline of the socket that joined, earlier than the idle one's, was cancelled.
            joined.send(ProtocolTest.op("doc", 0, 1, "[\"still here\"]"));
            assertEquals(1, joined.nextOfType("ack").get("version").asInt());
            assertFalse(joined.closeCode.isDone());
        }
    }

    /**
     * A socket whose join the server read within the join timeout. On a loaded machine the join
     * of a socket can come later than that; such a socket is closed with 4408 (what the test is
     * about) and the next one is tried.
     */
    private static WsClient joinedInTime(int port) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            WsClient ws = WsClient.connect(port);
                            ws.send(ProtocolTest.join("doc", "session-joined"));
                            await().atMost(Duration.ofSeconds(30))
                                    .until(() -> !ws.inbox.isEmpty() || ws.closeCode.isDone());
                            if (ws.closeCode.isDone()) {
                                assertEquals(4408, ws.awaitClose());
                                ws.close();
                                return null;
                            }
                            ws.nextOfType("joined");
                            return ws;
                        },
                        Objects::nonNull);
    }

    @Test
    void permessageDeflateIsNotNegotiated() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir)) {
            RawHttp.Response r = RawHttp.send(
                    server.port(),
                    RawHttp.upgrade(
                            "127.0.0.1:" + server.port(),
                            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"));
            assertEquals(101, r.status());
            assertEquals("websocket", r.header("Upgrade").orElseThrow().toLowerCase());
            assertFalse(
                    r.header("Sec-WebSocket-Extensions").isPresent(),
                    r.headers().toString());
        }
    }
}
