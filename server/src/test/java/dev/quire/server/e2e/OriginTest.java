package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.server.QuireServer;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Origin allowlist: checked before the WebSocket upgrade (cross-site WebSocket hijacking) and
 * on REST writes (cross-site request forgery), 403 {@code forbidden}, nothing created or applied.
 */
class OriginTest {
    private static final String EXTRA = "https://editor.example.com";

    @TempDir
    Path dataDir;

    QuireServer server;
    int port;

    @BeforeEach
    void start() {
        server = ServerFixture.start(dataDir, "--allowed-origins", EXTRA);
        port = server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A handshake to this server reached as {@code localhost:PORT}, from a page of {@code origin}. */
    private RawHttp.Response handshake(String origin) throws Exception {
        return RawHttp.send(port, RawHttp.upgrade("localhost:" + port, "Origin: " + origin + "\r\n"));
    }

    private void assertRefused(RawHttp.Response r) throws Exception {
        assertEquals(403, r.status(), r.body());
        assertEquals("forbidden", r.json().get("code").asText());
    }

    private void assertNothingCreated() throws Exception {
        assertEquals("[]", Http.get(port, "/api/docs").json().get("docs").toString());
        assertEquals(0, server.connectionCount());
    }

    /** Joins, edits and is acknowledged: the connection works. */
    static void edits(WsClient ws, String docId) throws Exception {
        ws.send(ProtocolTest.join(docId, "session-edit"));
        ws.nextOfType("joined");
        ws.send(ProtocolTest.op(docId, 0, 1, "[\"hi\"]"));
        assertEquals(1, ws.nextOfType("ack").get("version").asInt());
    }

    @Test
    void aForeignOriginIsRefusedBeforeTheUpgrade() throws Exception {
        RawHttp.Response r = handshake("http://evil.example");
        assertRefused(r);
        assertEquals(
                "origin \"http://evil.example\" is not allowed (its operator can add it to --allowed-origins)",
                r.json().get("message").asText());
        assertNothingCreated();
    }

    @Test
    void theNullOriginIsRefused() throws Exception {
        assertRefused(handshake("null"));
        assertNothingCreated();
    }

    @Test
    void lookAlikeOriginsAreRefused() throws Exception {
        for (String origin : List.of(
                "http://localhost.evil.com:" + port,
                "http://evillocalhost:" + port,
                "http://localhost:" + port + ".evil.com",
                "http://localhost:" + port + "/",
                "http://user@localhost:" + port,
                "https://editor.example.com.evil.com",
                "https://evileditor.example.com")) {
            assertRefused(handshake(origin));
        }
        assertNothingCreated();
    }

    @Test
    void otherPortsAndSchemesAreRefused() throws Exception {
        for (String origin : List.of(
                "http://localhost:" + (port + 1),
                "http://localhost",
                "https://localhost:" + port,
                "ws://localhost:" + port,
                "http://editor.example.com",
                "https://editor.example.com:8443")) {
            assertRefused(handshake(origin));
        }
        assertNothingCreated();
    }

    @Test
    void theServersOwnOriginIsAllowedAsTheBrowserWritesIt() throws Exception {
        assertEquals(101, handshake("http://localhost:" + port).status());
        assertEquals(101, handshake("HTTP://LocalHost:" + port).status());
        try (WsClient ws = WsClient.connect(port, Map.of("Origin", "http://127.0.0.1:" + port))) {
            edits(ws, "own");
        }
    }

    @Test
    void anAllowedExtraOriginWorks() throws Exception {
        assertEquals(101, handshake("https://editor.example.com:443").status());
        try (WsClient ws = WsClient.connect(port, Map.of("Origin", EXTRA))) {
            edits(ws, "extra");
        }
    }

    @Test
    void aMissingOriginIsNotABrowserAndWorks() throws Exception {
        try (WsClient ws = WsClient.connect(port)) {
            edits(ws, "script");
        }
        assertEquals(
                200,
                Http.post(port, "/api/docs/script/ops", "{\"version\":1,\"op\":[2,\"!\"]}")
                        .status());
    }

    @Test
    void aCrossSiteTextPlainPostAppliesNothing() throws Exception {
        // A form can send this without a CORS preflight: the body is valid JSON under text/plain.
        Http.Response r = Http.send(HttpRequest.newBuilder(Http.uri(port, "/api/docs/notes/ops"))
                .header("Content-Type", "text/plain")
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"version\":0,\"op\":[\"pwned\"]}"))
                .build());
        assertEquals(403, r.status(), r.body());
        assertEquals("forbidden", r.json().get("code").asText());
        assertEquals(404, Http.get(port, "/api/docs/notes").status());
        assertNothingCreated();
    }

    @Test
    void aCrossSiteDeleteDeletesNothing() throws Exception {
        assertEquals(
                200,
                Http.post(port, "/api/docs/kept/ops", "{\"version\":0,\"op\":[\"text\"]}")
                        .status());
        Http.Response r = Http.send(HttpRequest.newBuilder(Http.uri(port, "/api/docs/kept"))
                .header("Origin", "null")
                .DELETE()
                .build());
        assertEquals(403, r.status(), r.body());
        assertEquals(
                "text", Http.get(port, "/api/docs/kept").json().get("content").asText());
    }

    @Test
    void aSameOriginPostIsApplied() throws Exception {
        Http.Response r = Http.send(HttpRequest.newBuilder(Http.uri(port, "/api/docs/page/ops"))
                .header("Content-Type", "application/json")
                .header("Origin", "http://127.0.0.1:" + port)
                .POST(HttpRequest.BodyPublishers.ofString("{\"version\":0,\"op\":[\"ok\"]}"))
                .build());
        assertEquals(200, r.status(), r.body());
        assertEquals(
                "ok", Http.get(port, "/api/docs/page").json().get("content").asText());
    }
}
