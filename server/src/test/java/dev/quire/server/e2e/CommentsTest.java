package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Comments end to end (issue 17) on a real server: only clients that asked get them, a comment
 * stays on its words while others edit around it, every refusal has its code, REST and the export
 * carry them, and the {@code comment} role may comment but neither edit the text nor resolve.
 */
class CommentsTest {
    @TempDir
    Path dataDir;

    private static void join(WsClient ws, String session, boolean withComments) throws Exception {
        ws.send("{\"type\":\"join\",\"doc\":\"notes\",\"session\":\"" + session + "\""
                + (withComments ? ",\"accept\":[\"comments\"]" : "") + "}");
        ws.nextOfType("joined");
    }

    @Test
    void aCommentStaysOnItsWordsAndOnlyClientsThatAskedHearOfIt() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient ada = WsClient.connect(server.port());
                WsClient bo = WsClient.connect(server.port());
                WsClient old = WsClient.connect(server.port())) {
            join(ada, "ada-session-1", true);
            JsonNode empty = ada.nextOfType("comments");
            assertEquals(0, empty.get("version").asInt());
            assertEquals(0, empty.get("comments").size());
            ada.send("{\"type\":\"op\",\"doc\":\"notes\",\"version\":0,\"seq\":1,\"op\":[\"hello brave world\"]}");
            ada.nextOfType("ack");
            join(bo, "bo-session-1", true);
            assertEquals(1, bo.nextOfType("comments").get("version").asInt());
            join(old, "old-session-1", false);

            ada.send("{\"type\":\"comment\",\"doc\":\"notes\",\"action\":\"create\",\"version\":1,"
                    + "\"start\":6,\"end\":11,\"text\":\"<img src=x onerror=alert(1)>\"}");
            JsonNode created = bo.nextOfType("comment");
            assertEquals(1, created.get("version").asInt());
            JsonNode c = created.get("comment");
            assertEquals(1, c.get("id").asLong());
            assertEquals(1, c.get("thread").asLong());
            assertEquals("<img src=x onerror=alert(1)>", c.get("text").asText());
            assertEquals(6, c.get("start").asInt());
            assertEquals(11, c.get("end").asInt());
            assertFalse(c.get("resolved").asBoolean());
            assertEquals(c, ada.nextOfType("comment").get("comment"));

            // Bo types at both ends of "brave" and inside it: the comment keeps "brave" plus the inside.
            bo.send("{\"type\":\"op\",\"doc\":\"notes\",\"version\":1,\"seq\":1,\"op\":[6,\"very \",11]}");
            bo.nextOfType("ack");
            bo.send("{\"type\":\"op\",\"doc\":\"notes\",\"version\":2,\"seq\":2,\"op\":[16,\"!\",6]}");
            bo.nextOfType("ack");
            bo.send("{\"type\":\"op\",\"doc\":\"notes\",\"version\":3,\"seq\":3,\"op\":[13,\"-\",10]}");
            bo.nextOfType("ack");
            JsonNode all = Http.get(server.port(), "/api/docs/notes/comments").json();
            assertEquals(4, all.get("version").asInt());
            JsonNode moved = all.get("comments").get(0);
            String text = Http.get(server.port(), "/api/docs/notes")
                    .json()
                    .get("content")
                    .asText();
            assertEquals("hello very br-ave! world", text);
            assertEquals(
                    "br-ave",
                    text.substring(moved.get("start").asInt(), moved.get("end").asInt()));

            // Deleting the words collapses the range; the thread is kept.
            ada.send("{\"type\":\"op\",\"doc\":\"notes\",\"version\":4,\"seq\":2,\"op\":[11,-6,7]}");
            ada.nextOfType("ack");
            ada.send("{\"type\":\"comment\",\"doc\":\"notes\",\"action\":\"reply\",\"thread\":1,\"text\":\"gone?\"}");
            JsonNode reply = ada.nextOfType("comment");
            assertEquals(5, reply.get("version").asInt());
            assertEquals(2, reply.get("comment").get("id").asLong());
            assertFalse(reply.get("comment").has("start"));
            JsonNode collapsed = Http.get(server.port(), "/api/docs/notes/comments")
                    .json()
                    .get("comments")
                    .get(0);
            assertEquals(11, collapsed.get("start").asInt());
            assertEquals(11, collapsed.get("end").asInt());

            // The old client saw ops, presence and left messages only.
            old.send("{\"type\":\"leave\",\"doc\":\"notes\"}");
            Thread.sleep(200);
            String frame;
            while ((frame = old.inbox.poll()) != null) {
                assertFalse(frame.contains("\"comment"), frame);
            }
        }
    }

    @Test
    void refusalsHaveStableCodesAndChangeNothing() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient ada = WsClient.connect(server.port());
                WsClient bo = WsClient.connect(server.port())) {
            join(ada, "ada-session-2", true);
            join(bo, "bo-session-2", true);
            ada.send("{\"type\":\"op\",\"doc\":\"notes\",\"version\":0,\"seq\":1,\"op\":[\"abc\"]}");
            ada.nextOfType("ack");
            String base = "{\"type\":\"comment\",\"doc\":\"notes\",";
            ada.send(base + "\"action\":\"create\",\"version\":1,\"start\":1,\"end\":4,\"text\":\"x\"}");
            assertEquals("invalid-range", ada.nextOfType("error").get("code").asText());
            ada.send(base + "\"action\":\"create\",\"version\":1,\"start\":2,\"end\":1,\"text\":\"x\"}");
            assertEquals("invalid-range", ada.nextOfType("error").get("code").asText());
            ada.send(base + "\"action\":\"create\",\"version\":7,\"start\":0,\"end\":1,\"text\":\"x\"}");
            assertEquals(
                    "version-out-of-range", ada.nextOfType("error").get("code").asText());
            ada.send(base + "\"action\":\"create\",\"version\":1,\"start\":0,\"end\":1,\"text\":\"  \"}");
            assertEquals("invalid-comment", ada.nextOfType("error").get("code").asText());
            ada.send(base + "\"action\":\"create\",\"version\":1,\"start\":0,\"end\":1,\"text\":\"" + "y".repeat(10_001)
                    + "\"}");
            JsonNode tooLong = ada.nextOfType("error");
            assertEquals("invalid-comment", tooLong.get("code").asText());
            assertEquals(
                    "text: 10001 characters, over the limit of 10000",
                    tooLong.get("message").asText());
            ada.send(base + "\"action\":\"reply\",\"thread\":9,\"text\":\"x\"}");
            assertEquals(
                    "comment-not-found", ada.nextOfType("error").get("code").asText());
            ada.send(base + "\"action\":\"shout\"}");
            assertEquals(
                    "malformed-message", ada.nextOfType("error").get("code").asText());
            ada.send(base + "\"action\":\"create\",\"version\":1,\"start\":0,\"end\":1,\"text\":\"mine\"}");
            ada.nextOfType("comment");
            bo.nextOfType("comment");
            bo.send(base + "\"action\":\"edit\",\"id\":1,\"text\":\"not yours\"}");
            JsonNode forbidden = bo.nextOfType("error");
            assertEquals("forbidden", forbidden.get("code").asText());
            assertEquals("comment 1 is not yours", forbidden.get("message").asText());
            bo.send(base + "\"action\":\"resolve\",\"thread\":1}");
            assertTrue(bo.nextOfType("comment").get("comment").get("resolved").asBoolean());
            assertTrue(ada.nextOfType("comment").get("comment").get("resolved").asBoolean());
            ada.send(base + "\"action\":\"edit\",\"id\":1,\"text\":\"mine, edited\"}");
            JsonNode edited = ada.nextOfType("comment").get("comment");
            assertEquals("mine, edited", edited.get("text").asText());
            assertTrue(edited.has("edited"));
            ada.send(base + "\"action\":\"delete\",\"id\":1}");
            JsonNode deleted = ada.nextOfType("comment").get("comment");
            assertTrue(deleted.get("deleted").asBoolean());
            assertEquals("", deleted.get("text").asText());
            ada.send(base + "\"action\":\"edit\",\"id\":1,\"text\":\"back\"}");
            assertEquals(
                    "comment-not-found", ada.nextOfType("error").get("code").asText());
            JsonNode all =
                    Http.get(server.port(), "/api/docs/notes/comments").json().get("comments");
            assertEquals(1, all.size());
        }
    }

    @Test
    void restReadsAndChangesCommentsAndTheExportCarriesThem() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient ada = WsClient.connect(server.port())) {
            Http.post(server.port(), "/api/docs/notes/ops", "{\"version\":0,\"op\":[\"one two\"]}");
            join(ada, "ada-session-3", true);
            ada.nextOfType("comments");
            Http.Response made = Http.post(
                    server.port(),
                    "/api/docs/notes/comments",
                    "{\"action\":\"create\",\"version\":1,\"start\":4,\"end\":7,\"text\":\"why two?\",\"author\":\"Cy\"}");
            assertEquals(200, made.status(), made.body());
            JsonNode c = made.json().get("comment");
            assertEquals("Cy", c.get("author").asText());
            assertEquals(4, c.get("start").asInt());
            assertEquals(c, ada.nextOfType("comment").get("comment"));
            Http.Response missing =
                    Http.post(server.port(), "/api/docs/notes/comments", "{\"action\":\"resolve\",\"thread\":5}");
            assertEquals(404, missing.status());
            assertEquals("comment-not-found", missing.json().get("code").asText());
            JsonNode export = Http.get(server.port(), "/api/docs/notes/export?format=json")
                    .json();
            assertEquals(1, export.get("version").asInt());
            assertEquals("why two?", export.get("comments").get(0).get("text").asText());
            assertEquals(7, export.get("comments").get(0).get("end").asInt());
        }
    }

    @Test
    void theCommentRoleCommentsButNeitherEditsNorResolves() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--jwt-secret", Tokens.SECRET)) {
            String writer = Tokens.of("wanda", Map.of("*", "write"));
            String commenter = Tokens.of("cora", Map.of("*", "comment"));
            String reader = Tokens.of("rita", Map.of("*", "read"));
            try (WsClient w = WsClient.connect(server.port(), AuthTest.bearer(writer));
                    WsClient c = WsClient.connect(server.port(), AuthTest.bearer(commenter));
                    WsClient r = WsClient.connect(server.port(), AuthTest.bearer(reader))) {
                join(w, "wanda-session-0123456789abcdef", true);
                w.nextOfType("comments");
                w.send("{\"type\":\"op\",\"doc\":\"notes\",\"version\":0,\"seq\":1,\"op\":[\"text\"]}");
                w.nextOfType("ack");
                c.send("{\"type\":\"join\",\"doc\":\"notes\",\"session\":\"cora-session-0123456789abcdef\","
                        + "\"accept\":[\"comments\"]}");
                assertEquals("comment", c.nextOfType("joined").get("role").asText());
                c.nextOfType("comments");
                join(r, "rita-session-0123456789abcdef", true);
                String base = "{\"type\":\"comment\",\"doc\":\"notes\",";
                c.send(base + "\"action\":\"create\",\"version\":1,\"start\":0,\"end\":4,\"text\":\"hm\"}");
                JsonNode made = c.nextOfType("comment").get("comment");
                assertEquals("cora", made.get("author").asText());
                c.send(base + "\"action\":\"resolve\",\"thread\":1}");
                assertEquals("forbidden", c.nextOfType("error").get("code").asText());
                c.send("{\"type\":\"op\",\"doc\":\"notes\",\"version\":1,\"seq\":1,\"op\":[\"x\",4]}");
                assertEquals("forbidden", c.nextOfType("error").get("code").asText());
                r.send(base + "\"action\":\"reply\",\"thread\":1,\"text\":\"me too\"}");
                JsonNode refused = r.nextOfType("error");
                assertEquals("forbidden", refused.get("code").asText());
                assertEquals(
                        "your token does not grant comment on notes",
                        refused.get("message").asText());
                w.send(base + "\"action\":\"resolve\",\"thread\":1}");
                assertTrue(w.next(m -> m.path("type").asText().equals("comment")
                                && m.get("comment").get("resolved").asBoolean())
                        .has("version"));
                Http.Response rest = Http.withToken(
                        server.port(),
                        "POST",
                        "/api/docs/notes/comments",
                        "{\"action\":\"reopen\",\"thread\":1}",
                        commenter);
                assertEquals(403, rest.status());
            }
        }
    }
}
