package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One document exported and imported on a fresh server, through the REST API of two real servers:
 * the same text and the same history, version for version; refusals that store nothing.
 */
class ExportImportTest {
    @TempDir
    Path source;

    @TempDir
    Path target;

    /** Editors type (sessions, seqs, emoji), a script adds an op; returns the document's version. */
    static int type(int port, String docId, long seed, int acksWanted) throws Exception {
        Random random = new Random(seed);
        List<EditingClient> editors = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                editors.add(new EditingClient(port, docId, docId + "-session-" + i));
            }
            while (editors.stream().mapToInt(e -> e.acks).sum() < acksWanted) {
                for (EditingClient e : editors) {
                    e.pump();
                    e.edit(random);
                }
                Thread.sleep(2);
            }
            for (EditingClient e : editors) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!e.isSynchronized() && System.nanoTime() < deadline) {
                    e.pump();
                    Thread.sleep(2);
                }
                assertTrue(e.isSynchronized(), e.session + " did not get its acks");
            }
        } finally {
            editors.forEach(EditingClient::close);
        }
        JsonNode doc = Http.get(port, "/api/docs/" + docId).json();
        int version = doc.get("version").asInt();
        Http.Response script = Http.post(
                port,
                "/api/docs/" + docId + "/ops",
                "{\"version\":" + version + ",\"op\":" + prepend("# ", doc) + ",\"author\":\"a script\"}");
        assertEquals(200, script.status(), script.body());
        return version + 1;
    }

    /** An op inserting {@code text} at the start of the document. */
    static String prepend(String text, JsonNode doc) {
        int length = doc.get("content").asText().length();
        return "[\"" + text + "\"" + (length > 0 ? "," + length : "") + "]";
    }

    static Http.Response importJson(int port, String docId, String body) throws Exception {
        return Http.post(port, "/api/docs/" + docId + "/import", body);
    }

    @Test
    void anExportImportedOnAFreshServerHasTheSameTextAndHistory() throws Exception {
        try (QuireServer a = ServerFixture.start(source, "--op-rate", "0");
                QuireServer b = ServerFixture.start(target)) {
            int version = type(a.port(), "notes", 7, 60);
            Http.Response exported = Http.get(a.port(), "/api/docs/notes/export?format=json");
            assertEquals(200, exported.status());
            assertEquals(
                    "application/json",
                    exported.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(
                    "attachment; filename=\"notes.json\"",
                    exported.headers().firstValue("Content-Disposition").orElseThrow());
            JsonNode file = exported.json();
            assertEquals("quire-document", file.get("format").asText());
            assertEquals(1, file.get("formatVersion").asInt());
            assertEquals(version, file.get("version").asInt());
            assertEquals(version, file.get("ops").size());
            JsonNode first = file.get("ops").get(0);
            assertTrue(first.get("sessionKey").asText().startsWith("notes-session-"), first.toString());
            assertEquals(
                    "a script", file.get("ops").get(version - 1).get("author").asText());
            assertFalse(file.get("ops").get(version - 1).has("sessionKey"));

            Http.Response imported = importJson(b.port(), "notes", exported.body());
            assertEquals(201, imported.status(), imported.body());
            assertEquals("{\"id\":\"notes\",\"version\":" + version + ",\"ops\":" + version + "}", imported.body());
            // Byte for byte: text, versions, ops, authors, client ids, times, exactly-once keys.
            assertEquals(
                    exported.body(),
                    Http.get(b.port(), "/api/docs/notes/export?format=json").body());
            assertEquals(
                    Http.get(a.port(), "/api/docs/notes/ops").body(),
                    Http.get(b.port(), "/api/docs/notes/ops").body());
            for (int v = 0; v <= version; v += 7) {
                assertEquals(
                        Http.get(a.port(), "/api/docs/notes?version=" + v).body(),
                        Http.get(b.port(), "/api/docs/notes?version=" + v).body());
            }
            // The imported document takes edits after its history.
            JsonNode now = Http.get(b.port(), "/api/docs/notes").json();
            Http.Response next = Http.post(
                    b.port(), "/api/docs/notes/ops", "{\"version\":" + version + ",\"op\":" + prepend("!", now) + "}");
            assertEquals(200, next.status(), next.body());
        }
    }

    @Test
    void textAndMarkdownExportsAreTheTextAlone() throws Exception {
        try (QuireServer a = ServerFixture.start(source)) {
            String text = "# Plan\\nnaïve 😀 漢";
            assertEquals(
                    200,
                    Http.post(a.port(), "/api/docs/plan/ops", "{\"version\":0,\"op\":[\"" + text + "\"]}")
                            .status());
            Http.Response txt = Http.get(a.port(), "/api/docs/plan/export?format=txt");
            assertEquals(200, txt.status());
            assertEquals("# Plan\nnaïve 😀 漢", txt.body());
            assertEquals(
                    "text/plain; charset=utf-8",
                    txt.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(
                    "attachment; filename=\"plan.txt\"",
                    txt.headers().firstValue("Content-Disposition").orElseThrow());
            Http.Response md = Http.get(a.port(), "/api/docs/plan/export?format=md");
            assertEquals("# Plan\nnaïve 😀 漢", md.body());
            assertEquals(
                    "text/markdown; charset=utf-8",
                    md.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(
                    "attachment; filename=\"plan.md\"",
                    md.headers().firstValue("Content-Disposition").orElseThrow());

            Http.Response pdf = Http.get(a.port(), "/api/docs/plan/export?format=pdf");
            assertEquals(400, pdf.status());
            assertEquals(
                    "{\"code\":\"malformed-message\",\"message\":\"format: expected json, txt, md or html, found \\\"pdf\\\"\"}",
                    pdf.body());
            Http.Response missing = Http.get(a.port(), "/api/docs/nothing/export?format=txt");
            assertEquals(404, missing.status());
            assertEquals("{\"code\":\"not-found\",\"message\":\"no document nothing\"}", missing.body());
        }
    }

    @Test
    void aTextImportIsOneOpByTheImporter() throws Exception {
        try (QuireServer a = ServerFixture.start(source)) {
            Http.Response r = Http.send(HttpRequest.newBuilder(Http.uri(a.port(), "/api/docs/readme/import"))
                    .header("Content-Type", "text/markdown; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString("# Readme\n😀"))
                    .build());
            assertEquals(201, r.status(), r.body());
            assertEquals("{\"id\":\"readme\",\"version\":1,\"ops\":1}", r.body());
            assertEquals(
                    "{\"id\":\"readme\",\"version\":1,\"content\":\"# Readme\\n😀\"}",
                    Http.get(a.port(), "/api/docs/readme").body());
            JsonNode op =
                    Http.get(a.port(), "/api/docs/readme/ops").json().get("ops").get(0);
            assertEquals("Anonymous", op.get("author").asText());
            assertEquals("[\"# Readme\\n😀\"]", op.get("op").toString());
        }
    }

    @Test
    void anImportOverTheDocumentSizeLimitIsRefused() throws Exception {
        try (QuireServer a = ServerFixture.start(source, "--max-document-bytes", "1024")) {
            Http.Response r = Http.send(HttpRequest.newBuilder(Http.uri(a.port(), "/api/docs/big/import"))
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("é".repeat(600)))
                    .build());
            assertEquals(413, r.status());
            assertEquals(
                    "{\"code\":\"document-too-large\",\"message\":\"the imported text has 1200 UTF-8 bytes, over the limit of 1024\"}",
                    r.body());
            assertEquals(404, Http.get(a.port(), "/api/docs/big").status());
        }
    }

    @Test
    void anImportIntoADocumentWithOpsIsRefusedAndChangesNothing() throws Exception {
        try (QuireServer a = ServerFixture.start(source)) {
            assertEquals(
                    200,
                    Http.post(a.port(), "/api/docs/taken/ops", "{\"version\":0,\"op\":[\"mine\"]}")
                            .status());
            String file = "{\"format\":\"quire-document\",\"formatVersion\":1,\"id\":\"taken\",\"version\":1,"
                    + "\"content\":\"theirs\",\"ops\":[{\"version\":1,\"op\":[\"theirs\"],\"author\":\"Bob\","
                    + "\"clientId\":\"\",\"time\":\"2026-01-02T03:04:05.123456Z\"}]}";
            Http.Response r = importJson(a.port(), "taken", file);
            assertEquals(409, r.status());
            assertEquals(
                    "{\"code\":\"document-exists\",\"message\":\"document taken has ops; import into a new id, or delete it first\"}",
                    r.body());
            assertEquals(
                    "{\"id\":\"taken\",\"version\":1,\"content\":\"mine\"}",
                    Http.get(a.port(), "/api/docs/taken").body());
            // Under another id the same file goes in, keeping the author and the time.
            assertEquals(201, importJson(a.port(), "copy", file).status());
            JsonNode op =
                    Http.get(a.port(), "/api/docs/copy/ops").json().get("ops").get(0);
            assertEquals("Bob", op.get("author").asText());
            assertEquals("2026-01-02T03:04:05.123456Z", op.get("time").asText());
        }
    }

    @Test
    void aHistoryThatDoesNotHoldTogetherIsRefusedAndNothingIsStored() throws Exception {
        String head = "{\"format\":\"quire-document\",\"formatVersion\":1,\"id\":\"x\",";
        String op1 =
                "{\"version\":1,\"op\":[\"ab\"],\"author\":\"A\",\"clientId\":\"\",\"time\":\"2026-01-01T00:00:00Z\"}";
        try (QuireServer a = ServerFixture.start(source)) {
            assertRefused(
                    a,
                    422,
                    "invalid-import",
                    "content: differs from the text the ops produce at version 1",
                    head + "\"version\":1,\"content\":\"abc\",\"ops\":[" + op1 + "]}");
            assertRefused(
                    a,
                    422,
                    "invalid-import",
                    "version: 2 is not the number of ops, 1",
                    head + "\"version\":2,\"content\":\"ab\",\"ops\":[" + op1 + "]}");
            assertRefused(
                    a,
                    422,
                    "invalid-import",
                    "ops[1].op: its base length 5 is not the document's length 2 at version 1",
                    head + "\"version\":2,\"content\":\"ab\",\"ops\":[" + op1 + ","
                            + op1.replace("\"version\":1", "\"version\":2").replace("[\"ab\"]", "[5,\"c\"]") + "]}");
            assertRefused(
                    a,
                    422,
                    "invalid-import",
                    "ops[1].version: expected 2, found 3",
                    head + "\"version\":2,\"content\":\"abab\",\"ops\":[" + op1 + ","
                            + op1.replace("\"version\":1", "\"version\":3").replace("[\"ab\"]", "[2,\"ab\"]") + "]}");
            assertRefused(
                    a,
                    422,
                    "invalid-import",
                    "formatVersion: this server reads 1",
                    head.replace("\"formatVersion\":1", "\"formatVersion\":2")
                            + "\"version\":0,\"content\":\"\",\"ops\":[]}");
            assertRefused(
                    a,
                    400,
                    "malformed-message",
                    "ops[0].time: expected an ISO-8601 instant such as 2026-12-05T21:00:00Z",
                    head + "\"version\":1,\"content\":\"ab\",\"ops\":["
                            + op1.replace("2026-01-01T00:00:00Z", "yesterday") + "]}");
            assertRefused(a, 400, "malformed-message", "body is not JSON", "{\"format\":");
        }
    }

    private static void assertRefused(QuireServer a, int status, String code, String message, String body)
            throws Exception {
        Http.Response r = importJson(a.port(), "x", body);
        assertEquals(status, r.status(), r.body());
        JsonNode error = r.json();
        assertEquals(code, error.get("code").asText());
        assertEquals(message, error.get("message").asText());
        assertEquals(404, Http.get(a.port(), "/api/docs/x").status(), "nothing stored");
    }
}
