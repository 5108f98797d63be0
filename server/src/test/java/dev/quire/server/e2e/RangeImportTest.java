package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Comments and suggestions go into an import (decision 042): a document with threads, replies,
 * an edit, a delete, a resolve and suggestions open, accepted and rejected is exported, imported
 * on a fresh server, and reads back the same — ids, threads, authors, owners, times, states and
 * ranges — and lives on there (a reply takes the next id, an accept applies at the right place).
 * Bad sections are refused with {@code invalid-import} or {@code malformed-message} and store
 * nothing.
 */
class RangeImportTest {
    @TempDir
    Path source;

    @TempDir
    Path target;

    private static JsonNode post(QuireServer s, String path, String body) throws Exception {
        Http.Response r = Http.post(s.port(), "/api/docs/notes/" + path, body);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    /** Builds the document on {@code a}: text, three threads, three suggestions, edits around them. */
    private static void build(QuireServer a) throws Exception {
        post(a, "ops", "{\"version\":0,\"op\":[\"hello brave new world\"]}");
        post(
                a,
                "comments",
                "{\"action\":\"create\",\"version\":1,\"start\":6,\"end\":11,"
                        + "\"text\":\"which one?\",\"author\":\"Ada\"}");
        post(a, "comments", "{\"action\":\"reply\",\"thread\":1,\"text\":\"this one\",\"author\":\"Bo\"}");
        post(a, "comments", "{\"action\":\"edit\",\"id\":2,\"text\":\"this one!\"}");
        post(
                a,
                "comments",
                "{\"action\":\"create\",\"version\":1,\"start\":0,\"end\":5,"
                        + "\"text\":\"greeting\",\"author\":\"Cy\"}");
        post(a, "comments", "{\"action\":\"resolve\",\"thread\":3}");
        post(a, "comments", "{\"action\":\"reply\",\"thread\":3,\"text\":\"gone\",\"author\":\"Cy\"}");
        post(a, "comments", "{\"action\":\"delete\",\"id\":4}");
        post(
                a,
                "suggestions",
                "{\"action\":\"suggest\",\"version\":1,\"start\":12,\"end\":15,"
                        + "\"text\":\"old\",\"author\":\"Di\"}");
        post(
                a,
                "suggestions",
                "{\"action\":\"suggest\",\"version\":1,\"start\":0,\"end\":5," + "\"text\":\"hi\",\"author\":\"Ed\"}");
        post(a, "suggestions", "{\"action\":\"accept\",\"id\":2}"); // version 2: "hi brave new world"
        post(
                a,
                "suggestions",
                "{\"action\":\"suggest\",\"version\":2,\"start\":3,\"end\":8,"
                        + "\"text\":\"bold\",\"author\":\"Fa\"}");
        post(a, "suggestions", "{\"action\":\"reject\",\"id\":3}");
        post(a, "ops", "{\"version\":2,\"op\":[\">> \",18]}"); // version 3: ranges move by 3
    }

    private static JsonNode listing(QuireServer s, String docId, String kind) throws Exception {
        return Http.get(s.port(), "/api/docs/" + docId + "/" + kind).json();
    }

    @Test
    void commentsAndSuggestionsSurviveAnExportAndAnImportExactly() throws Exception {
        JsonNode exported;
        JsonNode comments;
        JsonNode suggestions;
        try (QuireServer a = ServerFixture.start(source)) {
            build(a);
        }
        // Read back after a restart: times as the database keeps them (microseconds).
        try (QuireServer a = ServerFixture.start(source)) {
            exported = Http.get(a.port(), "/api/docs/notes/export?format=json").json();
            comments = listing(a, "notes", "comments");
            suggestions = listing(a, "notes", "suggestions");
        }
        assertEquals(4, exported.get("comments").size());
        assertEquals(3, exported.get("suggestions").size());

        try (QuireServer b = ServerFixture.start(target)) {
            Http.Response imported = ExportImportTest.importJson(b.port(), "copy", exported.toString());
            assertEquals(201, imported.status(), imported.body());
            assertEquals(
                    ">> hi brave new world",
                    Http.get(b.port(), "/api/docs/copy").json().get("content").asText());

            JsonNode copied = listing(b, "copy", "comments");
            assertEquals(3, copied.get("version").asInt());
            assertEquals(comments.get("comments"), copied.get("comments"));
            JsonNode thread = copied.get("comments").get(0);
            assertEquals(
                    "{\"id\":1,\"thread\":1,\"author\":\"Ada\",\"owner\":\""
                            + thread.get("owner").asText()
                            + "\",\"text\":\"which one?\",\"created\":\""
                            + thread.get("created").asText()
                            + "\",\"deleted\":false,\"resolved\":false,\"start\":6,\"end\":11}",
                    thread.toString());
            JsonNode reply = copied.get("comments").get(1);
            assertEquals(1, reply.get("thread").asLong());
            assertEquals("Bo", reply.get("author").asText());
            assertEquals("this one!", reply.get("text").asText());
            assertEquals(comments.get("comments").get(1).get("edited"), reply.get("edited"));
            assertFalse(reply.has("start"));
            JsonNode resolved = copied.get("comments").get(2);
            assertEquals(true, resolved.get("resolved").asBoolean());
            assertEquals("Cy", resolved.get("author").asText());
            JsonNode deleted = copied.get("comments").get(3);
            assertEquals(true, deleted.get("deleted").asBoolean());
            assertEquals("", deleted.get("text").asText());

            JsonNode copiedSuggestions = listing(b, "copy", "suggestions");
            assertEquals(suggestions.get("suggestions"), copiedSuggestions.get("suggestions"));
            JsonNode open = copiedSuggestions.get("suggestions").get(0);
            assertEquals("open", open.get("status").asText());
            assertEquals("Di", open.get("author").asText());
            assertEquals(12, open.get("start").asInt());
            assertEquals(15, open.get("end").asInt());
            JsonNode accepted = copiedSuggestions.get("suggestions").get(1);
            assertEquals("accepted", accepted.get("status").asText());
            assertEquals(2, accepted.get("acceptedIn").asInt());
            assertEquals(suggestions.get("suggestions").get(1).get("decided"), accepted.get("decided"));
            JsonNode rejected = copiedSuggestions.get("suggestions").get(2);
            assertEquals("rejected", rejected.get("status").asText());
            assertEquals("Fa", rejected.get("author").asText());
            assertFalse(rejected.has("acceptedIn"));

            // The imported document's export carries the same sections as the original's.
            JsonNode again =
                    Http.get(b.port(), "/api/docs/copy/export?format=json").json();
            assertEquals(exported.get("comments"), again.get("comments"));
            assertEquals(exported.get("suggestions"), again.get("suggestions"));

            // It lives on: the next comment takes the next id; the open suggestion applies in place.
            Http.Response next = Http.post(
                    b.port(), "/api/docs/copy/comments", "{\"action\":\"reply\",\"thread\":1,\"text\":\"ok\"}");
            assertEquals(5, next.json().get("comment").get("id").asLong(), next.body());
            Http.Response accept =
                    Http.post(b.port(), "/api/docs/copy/suggestions", "{\"action\":\"accept\",\"id\":1}");
            assertEquals(200, accept.status(), accept.body());
            assertEquals(
                    ">> hi brave old world",
                    Http.get(b.port(), "/api/docs/copy").json().get("content").asText());
        }
    }

    @Test
    void badSectionsAreRefusedAndNothingIsStored() throws Exception {
        JsonNode exported;
        try (QuireServer a = ServerFixture.start(source)) {
            build(a);
            exported = Http.get(a.port(), "/api/docs/notes/export?format=json").json();
        }
        try (QuireServer b = ServerFixture.start(target)) {
            ObjectNode outOfText = exported.deepCopy();
            ((ObjectNode) outOfText.get("comments").get(0)).put("end", 99);
            assertRefused(
                    b,
                    outOfText,
                    "invalid-import",
                    "comments[0].end: expected start <= end <= 21 (the text's length), found 6..99");

            ObjectNode orphan = exported.deepCopy();
            ((ObjectNode) orphan.get("comments").get(1)).put("thread", 3);
            assertRefused(b, orphan, "invalid-import", "comments[1].thread: no earlier thread 3");

            ObjectNode twice = exported.deepCopy();
            ((ObjectNode) twice.get("suggestions").get(1)).put("id", 1);
            assertRefused(b, twice, "invalid-import", "suggestions[1].id: 1 is not above the previous 1");

            ObjectNode undecided = exported.deepCopy();
            ((ObjectNode) undecided.get("suggestions").get(2)).put("status", "open");
            assertRefused(
                    b,
                    undecided,
                    "invalid-import",
                    "suggestions[2].decided: expected with decidedBy exactly on a decided suggestion");

            ObjectNode notAnArray = exported.deepCopy();
            notAnArray.put("suggestions", "none");
            assertRefused(b, notAnArray, "malformed-message", "suggestions: expected an array");
        }
    }

    private static void assertRefused(QuireServer b, JsonNode file, String code, String message) throws Exception {
        Http.Response r = ExportImportTest.importJson(b.port(), "copy", file.toString());
        assertEquals(code.equals("invalid-import") ? 422 : 400, r.status(), r.body());
        assertEquals(code, r.json().get("code").asText(), r.body());
        assertEquals(message, r.json().get("message").asText());
        assertEquals(404, Http.get(b.port(), "/api/docs/copy").status(), "nothing stored");
    }
}
