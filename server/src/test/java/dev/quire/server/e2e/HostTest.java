package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Host check against DNS rebinding: a name the server is not reached by gets 421
 * {@code forbidden} on every path but {@code /health}, on REST and before the WebSocket upgrade.
 */
class HostTest {
    @TempDir
    Path dataDir;

    private static void assertMisdirected(RawHttp.Response r) throws Exception {
        assertEquals(421, r.status(), r.body());
        assertEquals("forbidden", r.json().get("code").asText());
    }

    @Test
    void aRebindingHostReachesNothing() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir)) {
            int port = server.port();
            assertEquals(
                    200,
                    Http.post(port, "/api/docs/secret/ops", "{\"version\":0,\"op\":[\"text\"]}")
                            .status());
            String evil = "evil.example:" + port;
            RawHttp.Response list = RawHttp.send(port, RawHttp.request("GET", "/api/docs", evil, ""));
            assertMisdirected(list);
            assertEquals(
                    "this server does not answer to the host \"evil.example:" + port
                            + "\" (its operator can add the URL to --public-url)",
                    list.json().get("message").asText());
            assertMisdirected(RawHttp.send(port, RawHttp.request("GET", "/api/docs/secret", evil, "")));
            assertMisdirected(RawHttp.send(port, RawHttp.request("DELETE", "/api/docs/secret", evil, "")));
            assertMisdirected(RawHttp.send(port, RawHttp.request("GET", "/", evil, "")));
            assertMisdirected(RawHttp.send(port, RawHttp.upgrade(evil, "")));
            assertEquals(0, server.connectionCount());
            assertEquals(
                    "text",
                    Http.get(port, "/api/docs/secret").json().get("content").asText());
            assertEquals(1, Http.get(port, "/api/docs").json().get("docs").size());
        }
    }

    @Test
    void aMissingHostIsRefused() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir)) {
            RawHttp.Response r = RawHttp.send(server.port(), "GET /api/docs HTTP/1.0\r\n\r\n");
            assertMisdirected(r);
        }
    }

    @Test
    void healthAnswersAnyHost() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir)) {
            RawHttp.Response r = RawHttp.send(server.port(), RawHttp.request("GET", "/health", "10.1.2.3:80", ""));
            assertEquals(200, r.status());
            assertEquals("{\"status\":\"ok\"}", r.body());
        }
    }

    @Test
    void localhostAndLoopbackAddressesAreAccepted() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir)) {
            int port = server.port();
            for (String host : List.of(
                    "localhost:" + port, "LOCALHOST", "127.0.0.1:" + port, "127.8.9.10", "[::1]:" + port, "[0:0::1]")) {
                assertEquals(
                        200,
                        RawHttp.send(port, RawHttp.request("GET", "/api/docs", host, ""))
                                .status(),
                        host);
            }
            assertEquals(
                    101,
                    RawHttp.send(port, RawHttp.upgrade("localhost:" + port, "")).status());
        }
    }

    @Test
    void lookAlikeHostsAreRefused() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir)) {
            int port = server.port();
            for (String host : List.of(
                    "localhost.evil.com",
                    "evillocalhost",
                    "127.0.0.1.evil.com",
                    "127.0.0.256",
                    "2130706433",
                    "0.0.0.0",
                    "docs.example.com")) {
                assertMisdirected(RawHttp.send(port, RawHttp.request("GET", "/api/docs", host, "")));
            }
        }
    }

    @Test
    void theHostsOfThePublicUrlsAreAccepted() throws Exception {
        try (QuireServer server =
                ServerFixture.start(dataDir, "--public-url", "https://docs.example.com,http://10.9.8.7:9000")) {
            int port = server.port();
            assertEquals(
                    200,
                    RawHttp.send(port, RawHttp.request("GET", "/api/docs", "docs.example.com", ""))
                            .status());
            assertEquals(
                    200,
                    RawHttp.send(port, RawHttp.request("GET", "/api/docs", "Docs.Example.COM:443", ""))
                            .status());
            assertEquals(
                    200,
                    RawHttp.send(port, RawHttp.request("GET", "/api/docs", "10.9.8.7:9000", ""))
                            .status());
            // Behind a TLS proxy the page's origin is the public URL's, while the server speaks http.
            RawHttp.Response ws =
                    RawHttp.send(port, RawHttp.upgrade("docs.example.com", "Origin: https://docs.example.com\r\n"));
            assertEquals(101, ws.status());
            assertMisdirected(RawHttp.send(port, RawHttp.request("GET", "/api/docs", "evil.example", "")));
        }
    }
}
