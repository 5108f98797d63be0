package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API, /health and the static pages. */
class RestTest {
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

    @Test
    void health() throws Exception {
        Http.Response r = Http.get(port, "/health");
        assertEquals(200, r.status());
        assertEquals("{\"status\":\"ok\"}", r.body());
    }

    @Test
    void scriptOpsAreTransformedBroadcastAndLogged() throws Exception {
        try (WsClient ws = WsClient.connect(port)) {
            ws.send(ProtocolTest.join("notes", "session-aaaa"));
            ws.nextOfType("joined");
            ws.send(ProtocolTest.op("notes", 0, 1, "[\"world\"]"));
            ws.nextOfType("ack");
            Http.Response r =
                    Http.post(port, "/api/docs/notes/ops", "{\"version\":0,\"op\":[\"hello \"],\"author\":\"script\"}");
            assertEquals(200, r.status(), r.body());
            assertEquals("{\"version\":2,\"op\":[\"hello \",5]}", r.body());
            JsonNode op = ws.nextOfType("op");
            assertEquals(
                    "{\"type\":\"op\",\"doc\":\"notes\",\"version\":2,\"op\":[\"hello \",5],\"clientId\":\"\"}",
                    op.toString());
        }
        JsonNode doc = Http.get(port, "/api/docs/notes").json();
        assertEquals("{\"id\":\"notes\",\"version\":2,\"content\":\"hello world\"}", doc.toString());
        assertEquals(
                "world",
                Http.get(port, "/api/docs/notes?version=1")
                        .json()
                        .get("content")
                        .asText());
        JsonNode ops = Http.get(port, "/api/docs/notes/ops?from=1&to=3").json().get("ops");
        assertEquals(2, ops.size());
        assertEquals("Ada", ops.get(0).get("author").asText());
        assertEquals("session-aaaa", ops.get(0).get("session").asText());
        assertEquals(1, ops.get(0).get("seq").asInt());
        assertEquals("script", ops.get(1).get("author").asText());
        assertTrue(ops.get(1).get("time").asText().endsWith("Z"));
        assertEquals(
                1,
                Http.get(port, "/api/docs/notes/ops?from=2&to=3")
                        .json()
                        .get("ops")
                        .size());
    }

    @Test
    void listPagesMostRecentFirst() throws Exception {
        for (String id : new String[] {"a", "b", "c"}) {
            assertEquals(
                    200,
                    Http.post(port, "/api/docs/" + id + "/ops", "{\"version\":0,\"op\":[\"x\"]}")
                            .status());
            Thread.sleep(5);
        }
        JsonNode page = Http.get(port, "/api/docs?limit=2").json();
        assertEquals(2, page.get("docs").size());
        assertEquals("c", page.get("docs").get(0).get("id").asText());
        assertEquals(1, page.get("docs").get(0).get("version").asInt());
        assertEquals(1, page.get("docs").get(0).get("length").asInt());
        JsonNode next = Http.get(
                        port, "/api/docs?limit=2&after=" + page.get("next").asText())
                .json();
        assertEquals("a", next.get("docs").get(0).get("id").asText());
        assertTrue(next.get("next").isNull());
    }

    @Test
    void deleteRemovesEditorsAndTheDocumentStartsAgain() throws Exception {
        try (WsClient ws = WsClient.connect(port)) {
            ws.send(ProtocolTest.join("gone", "session-aaaa"));
            ws.nextOfType("joined");
            ws.send(ProtocolTest.op("gone", 0, 1, "[\"text\"]"));
            ws.nextOfType("ack");
            assertEquals(204, Http.delete(port, "/api/docs/gone").status());
            JsonNode error = ws.nextOfType("error");
            assertEquals("document-deleted", error.get("code").asText());
            assertEquals("gone", error.get("doc").asText());
            assertEquals(404, Http.get(port, "/api/docs/gone").status());
            assertEquals(404, Http.delete(port, "/api/docs/gone").status());
            // The editor was removed: its ops are now not-joined; a new join starts at version 0.
            ws.send(ProtocolTest.op("gone", 1, 2, "[4,\"x\"]"));
            assertEquals("not-joined", ws.nextOfType("error").get("code").asText());
            ws.send(ProtocolTest.join("gone", "session-aaaa"));
            JsonNode joined = ws.nextOfType("joined");
            assertEquals(0, joined.get("version").asInt());
            assertEquals("", joined.get("content").asText());
            ws.send(ProtocolTest.op("gone", 0, 1, "[\"new\"]"));
            assertEquals(1, ws.nextOfType("ack").get("version").asInt());
        }
    }

    @Test
    void errorsHaveCodes() throws Exception {
        assertError(Http.get(port, "/api/docs/nope"), 404, "not-found");
        assertError(Http.get(port, "/api/docs/bad%20id"), 400, "invalid-doc-id");
        assertError(Http.get(port, "/api/docs?limit=0"), 400, "malformed-message");
        assertError(Http.get(port, "/api/docs?after=zzz"), 400, "malformed-message");
        assertError(Http.post(port, "/api/docs/x/ops", "{\"version\":0,\"op\":[3]}"), 400, "invalid-op");
        assertError(Http.post(port, "/api/docs/x/ops", "not json"), 400, "malformed-message");
        assertError(Http.post(port, "/api/docs/x/ops", "{\"version\":5,\"op\":[\"a\"]}"), 409, "version-out-of-range");
        assertEquals(
                200,
                Http.post(port, "/api/docs/x/ops", "{\"version\":0,\"op\":[\"a\"]}")
                        .status());
        assertError(Http.get(port, "/api/docs/x?version=2"), 409, "version-out-of-range");
    }

    private static void assertError(Http.Response r, int status, String code) throws Exception {
        assertEquals(status, r.status(), r.body());
        assertEquals(code, r.json().get("code").asText(), r.body());
    }

    @Test
    void pagesFallBackWhenTheEditorIsNotBuilt() throws Exception {
        Http.Response root = Http.get(port, "/");
        assertEquals(200, root.status());
        Http.Response page = Http.get(port, "/d/notes");
        assertEquals(200, page.status());
        assertEquals(root.body(), page.body());
        if (!server.editorPresent()) {
            assertTrue(root.body().contains("not built"), root.body());
        } else {
            java.util.regex.Matcher asset =
                    java.util.regex.Pattern.compile("/assets/[^\"]+").matcher(root.body());
            assertTrue(asset.find(), root.body());
            assertEquals(200, Http.get(port, asset.group()).status());
        }
        assertEquals(404, Http.get(port, "/assets/nothing-here.js").status());
    }
}
