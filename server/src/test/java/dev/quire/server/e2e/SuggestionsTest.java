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
 * Suggestions end to end (issue 17) on a real server with real WebSocket clients: consecutive
 * keystrokes merge, an accept is applied once as an ordinary op before the message saying so,
 * overlapping suggestions and suggestions on text others edit behave as docs/collaboration.md
 * says, every refusal has its code, REST and the export carry them, a restart keeps them, and
 * the {@code comment} role suggests but does not decide.
 */
class SuggestionsTest {
    private static final String BASE = "{\"type\":\"suggestion\",\"doc\":\"notes\",";

    @TempDir
    Path dataDir;

    private static void join(WsClient ws, String session) throws Exception {
        ws.send("{\"type\":\"join\",\"doc\":\"notes\",\"session\":\"" + session + "\",\"accept\":[\"suggestions\"]}");
        ws.nextOfType("joined");
        ws.nextOfType("suggestions");
    }

    private static String suggest(int version, int start, int end, String text) {
        return BASE + "\"action\":\"suggest\",\"version\":" + version + ",\"start\":" + start + ",\"end\":" + end
                + ",\"text\":\"" + text + "\"}";
    }

    private static String text(QuireServer server) throws Exception {
        return Http.get(server.port(), "/api/docs/notes").json().get("content").asText();
    }

    @Test
    void keystrokesMergeAndAnAcceptIsOneOpBeforeItsMessage() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient ada = WsClient.connect(server.port());
                WsClient bo = WsClient.connect(server.port());
                WsClient old = WsClient.connect(server.port())) {
            Http.post(server.port(), "/api/docs/notes/ops", "{\"version\":0,\"op\":[\"hello world\"]}");
            join(ada, "ada-session-1");
            join(bo, "bo-session-1");
            old.send("{\"type\":\"join\",\"doc\":\"notes\",\"session\":\"old-session-1\"}");
            old.nextOfType("joined");

            // Ada, in suggest mode, types "big " before "world", one keystroke at a time, then
            // deletes "o " with two backspaces before it: one suggestion.
            String[] keys = {"b", "i", "g", " "};
            for (String k : keys) {
                ada.send(suggest(1, 6, 6, k));
                ada.nextOfType("suggestion");
            }
            ada.send(suggest(1, 5, 6, ""));
            ada.nextOfType("suggestion");
            ada.send(suggest(1, 4, 5, ""));
            JsonNode merged = ada.nextOfType("suggestion").get("suggestion");
            assertEquals(1, merged.get("id").asLong());
            assertEquals("big ", merged.get("text").asText());
            assertEquals(4, merged.get("start").asInt());
            assertEquals(6, merged.get("end").asInt());
            assertEquals("open", merged.get("status").asText());
            assertTrue(merged.has("edited"));
            assertFalse(merged.has("decided"));
            JsonNode seen = null;
            for (int i = 0; i < 6; i++) {
                seen = bo.nextOfType("suggestion");
            }
            assertEquals(merged, seen.get("suggestion"));
            assertEquals("hello world", text(server), "a suggestion does not change the text");

            // Not touching it: a new suggestion, proposing to delete "he".
            ada.send(suggest(1, 0, 2, ""));
            assertEquals(
                    2, ada.nextOfType("suggestion").get("suggestion").get("id").asLong());

            bo.send(BASE + "\"action\":\"accept\",\"id\":1}");
            JsonNode op = bo.nextOfType("op");
            assertEquals(2, op.get("version").asInt());
            assertEquals("", op.get("clientId").asText());
            assertEquals("[4,\"big \",-2,5]", op.get("op").toString());
            JsonNode accepted = bo.nextOfType("suggestion");
            assertEquals(2, accepted.get("version").asInt());
            assertEquals("accepted", accepted.get("suggestion").get("status").asText());
            assertEquals(2, accepted.get("suggestion").get("acceptedIn").asInt());
            assertTrue(accepted.get("suggestion").has("decidedBy"));
            assertEquals("hellbig world", text(server));
            assertEquals(op.get("op"), ada.nextOfType("op").get("op"));
            assertEquals(op.get("op"), old.nextOfType("op").get("op"), "older clients see the op");

            // A second accept of the same suggestion is stale: nothing applied twice.
            ada.send(BASE + "\"action\":\"accept\",\"id\":1}");
            JsonNode stale = ada.nextOfType("error");
            assertEquals("suggestion-decided", stale.get("code").asText());
            assertEquals(
                    "suggestion 1 was accepted already", stale.get("message").asText());
            assertEquals("hellbig world", text(server));

            // Suggestion 2's range moved through the accept: it still covers "he".
            JsonNode all =
                    Http.get(server.port(), "/api/docs/notes/suggestions").json();
            JsonNode two = all.get("suggestions").get(1);
            assertEquals(0, two.get("start").asInt());
            assertEquals(2, two.get("end").asInt());
            bo.send(BASE + "\"action\":\"reject\",\"id\":2}");
            JsonNode rejected = bo.nextOfType("suggestion").get("suggestion");
            assertEquals("rejected", rejected.get("status").asText());
            assertFalse(rejected.has("acceptedIn"));
            assertEquals("hellbig world", text(server));

            // The op log names the accepter as the op's author.
            JsonNode log = Http.get(server.port(), "/api/docs/notes/ops?from=2").json();
            assertEquals("Anonymous", log.get("ops").get(0).get("author").asText());

            old.send("{\"type\":\"leave\",\"doc\":\"notes\"}");
            Thread.sleep(200);
            String frame;
            while ((frame = old.inbox.poll()) != null) {
                assertFalse(frame.contains("\"suggestion"), frame);
            }
        }
    }

    @Test
    void overlappingSuggestionsAndTextOthersEditBehaveAsDocumented() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient ada = WsClient.connect(server.port());
                WsClient bo = WsClient.connect(server.port())) {
            Http.post(server.port(), "/api/docs/notes/ops", "{\"version\":0,\"op\":[\"the quick brown fox\"]}");
            join(ada, "ada-session-2");
            join(bo, "bo-session-2");
            // Ada: "quick brown" -> "slow red"; Bo: "brown fox" -> "cat" (they overlap on "brown").
            ada.send(suggest(1, 4, 15, "slow red"));
            bo.nextOfType("suggestion");
            bo.send(suggest(1, 10, 19, "cat"));
            bo.nextOfType("suggestion");
            ada.nextOfType("suggestion");
            ada.nextOfType("suggestion");
            // Accepting Ada's replaces "quick brown"; Bo's range loses "brown" and keeps " fox".
            bo.send(BASE + "\"action\":\"accept\",\"id\":1}");
            bo.nextOfType("op");
            bo.nextOfType("suggestion");
            assertEquals("the slow red fox", text(server));
            JsonNode second = Http.get(server.port(), "/api/docs/notes/suggestions")
                    .json()
                    .get("suggestions")
                    .get(1);
            assertEquals("open", second.get("status").asText());
            assertEquals(12, second.get("start").asInt());
            assertEquals(16, second.get("end").asInt());
            bo.send(BASE + "\"action\":\"accept\",\"id\":2}");
            bo.nextOfType("op");
            bo.nextOfType("suggestion");
            assertEquals("the slow redcat", text(server));

            // A suggestion whose text another deletes collapses and is kept; accepting it inserts
            // its text where the text was.
            ada.send(suggest(3, 4, 8, "fast"));
            ada.nextOfType("suggestion");
            bo.nextOfType("suggestion");
            bo.send("{\"type\":\"op\",\"doc\":\"notes\",\"version\":3,\"seq\":1,\"op\":[4,-5,6]}");
            bo.nextOfType("ack");
            JsonNode collapsed = Http.get(server.port(), "/api/docs/notes/suggestions")
                    .json()
                    .get("suggestions")
                    .get(2);
            assertEquals(4, collapsed.get("start").asInt());
            assertEquals(4, collapsed.get("end").asInt());
            assertEquals("open", collapsed.get("status").asText());
            // Text typed at the collapsed point goes before it, as for any anchored range.
            bo.send("{\"type\":\"op\",\"doc\":\"notes\",\"version\":4,\"seq\":2,\"op\":[4,\"very \",6]}");
            bo.nextOfType("ack");
            bo.send(BASE + "\"action\":\"accept-all\"}");
            bo.nextOfType("op");
            JsonNode all = bo.nextOfType("suggestion").get("suggestion");
            assertEquals(3, all.get("id").asLong());
            assertEquals("the very fastredcat", text(server));
            // Nothing is left open: a reject-all changes nothing and answers nothing.
            Http.Response none = Http.post(server.port(), "/api/docs/notes/suggestions", "{\"action\":\"reject-all\"}");
            assertEquals(200, none.status(), none.body());
            assertEquals(0, none.json().get("suggestions").size());
        }
    }

    @Test
    void refusalsHaveStableCodesAndChangeNothing() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient ada = WsClient.connect(server.port());
                WsClient bo = WsClient.connect(server.port())) {
            Http.post(server.port(), "/api/docs/notes/ops", "{\"version\":0,\"op\":[\"abc\"]}");
            join(ada, "ada-session-3");
            join(bo, "bo-session-3");
            ada.send(suggest(1, 1, 4, "x"));
            assertEquals("invalid-range", ada.nextOfType("error").get("code").asText());
            ada.send(suggest(1, 2, 1, "x"));
            assertEquals("invalid-range", ada.nextOfType("error").get("code").asText());
            ada.send(suggest(7, 0, 1, "x"));
            assertEquals(
                    "version-out-of-range", ada.nextOfType("error").get("code").asText());
            ada.send(suggest(1, 1, 1, ""));
            JsonNode nothing = ada.nextOfType("error");
            assertEquals("invalid-suggestion", nothing.get("code").asText());
            assertEquals(
                    "suggest: an empty range and an empty text change nothing",
                    nothing.get("message").asText());
            ada.send(BASE + "\"action\":\"accept\",\"id\":9}");
            JsonNode missing = ada.nextOfType("error");
            assertEquals("suggestion-not-found", missing.get("code").asText());
            assertEquals(
                    "no suggestion 9 in document notes", missing.get("message").asText());
            ada.send(BASE + "\"action\":\"shout\"}");
            assertEquals(
                    "malformed-message", ada.nextOfType("error").get("code").asText());
            ada.send(BASE + "\"action\":\"accept\"}");
            assertEquals(
                    "malformed-message", ada.nextOfType("error").get("code").asText());
            ada.send(suggest(1, 0, 1, "<img src=x onerror=alert(1)>"));
            JsonNode made = ada.nextOfType("suggestion").get("suggestion");
            assertEquals("<img src=x onerror=alert(1)>", made.get("text").asText());
            bo.nextOfType("suggestion");
            bo.send(BASE + "\"action\":\"edit\",\"id\":1,\"text\":\"not yours\"}");
            assertEquals(
                    "suggestion-not-found", bo.nextOfType("error").get("code").asText());
            ada.send(BASE + "\"action\":\"edit\",\"id\":1,\"text\":\"A\"}");
            assertEquals(
                    "A",
                    ada.nextOfType("suggestion").get("suggestion").get("text").asText());
            bo.send(BASE + "\"action\":\"reject\",\"id\":1}");
            // Bo's inbox still holds the broadcast of Ada's edit: wait for the rejection itself, or
            // Ada's next edit can reach the server before it (a CI run saw exactly that).
            bo.next(m -> m.path("type").asText().equals("suggestion")
                    && m.path("suggestion").path("status").asText().equals("rejected"));
            ada.send(BASE + "\"action\":\"edit\",\"id\":1,\"text\":\"B\"}");
            assertEquals(
                    "suggestion-decided", ada.nextOfType("error").get("code").asText());
            assertEquals("abc", text(server));
        }
    }

    @Test
    void restTheExportAndARestartCarrySuggestions() throws Exception {
        String before;
        try (QuireServer server = ServerFixture.start(dataDir)) {
            Http.post(server.port(), "/api/docs/notes/ops", "{\"version\":0,\"op\":[\"one two\"]}");
            Http.Response made = Http.post(
                    server.port(),
                    "/api/docs/notes/suggestions",
                    "{\"action\":\"suggest\",\"version\":1,\"start\":4,\"end\":7,\"text\":\"three\",\"author\":\"Cy\"}");
            assertEquals(200, made.status(), made.body());
            JsonNode s = made.json().get("suggestions").get(0);
            assertEquals("Cy", s.get("author").asText());
            assertEquals("three", s.get("text").asText());
            Http.Response missing =
                    Http.post(server.port(), "/api/docs/notes/suggestions", "{\"action\":\"accept\",\"id\":5}");
            assertEquals(404, missing.status());
            assertEquals("suggestion-not-found", missing.json().get("code").asText());
            JsonNode export = Http.get(server.port(), "/api/docs/notes/export?format=json")
                    .json();
            assertEquals("three", export.get("suggestions").get(0).get("text").asText());
            assertEquals(7, export.get("suggestions").get(0).get("end").asInt());
            before = Http.get(server.port(), "/api/docs/notes/suggestions")
                    .json()
                    .get("suggestions")
                    .toString();
        }
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient ada = WsClient.connect(server.port())) {
            assertEquals(
                    before,
                    Http.get(server.port(), "/api/docs/notes/suggestions")
                            .json()
                            .get("suggestions")
                            .toString());
            ada.send(
                    "{\"type\":\"join\",\"doc\":\"notes\",\"session\":\"ada-session-4\",\"accept\":[\"suggestions\"]}");
            ada.nextOfType("joined");
            assertEquals(
                    before, ada.nextOfType("suggestions").get("suggestions").toString());
            Http.Response accepted =
                    Http.post(server.port(), "/api/docs/notes/suggestions", "{\"action\":\"accept\",\"id\":1}");
            assertEquals(200, accepted.status(), accepted.body());
            assertEquals(
                    2,
                    accepted.json().get("suggestions").get(0).get("acceptedIn").asInt());
            assertEquals("one three", text(server));
            Http.Response again =
                    Http.post(server.port(), "/api/docs/notes/suggestions", "{\"action\":\"accept\",\"id\":1}");
            assertEquals(409, again.status());
            assertEquals("suggestion-decided", again.json().get("code").asText());
            // Deleting the document deletes its suggestions.
            assertEquals(204, Http.delete(server.port(), "/api/docs/notes").status());
            assertEquals(
                    0,
                    Http.get(server.port(), "/api/docs/notes/suggestions")
                            .json()
                            .get("suggestions")
                            .size());
        }
    }

    @Test
    void theCommentRoleSuggestsButDoesNotDecide() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--jwt-secret", Tokens.SECRET)) {
            String writer = Tokens.of("wanda", Map.of("*", "write"));
            String commenter = Tokens.of("cora", Map.of("*", "comment"));
            String reader = Tokens.of("rita", Map.of("*", "read"));
            try (WsClient w = WsClient.connect(server.port(), AuthTest.bearer(writer));
                    WsClient c = WsClient.connect(server.port(), AuthTest.bearer(commenter));
                    WsClient r = WsClient.connect(server.port(), AuthTest.bearer(reader))) {
                join(w, "wanda-session-0123456789abcdef");
                w.send("{\"type\":\"op\",\"doc\":\"notes\",\"version\":0,\"seq\":1,\"op\":[\"text\"]}");
                w.nextOfType("ack");
                join(c, "cora-session-0123456789abcdef");
                join(r, "rita-session-0123456789abcdef");
                c.send(suggest(1, 0, 4, "words"));
                assertEquals(
                        "cora",
                        c.nextOfType("suggestion")
                                .get("suggestion")
                                .get("author")
                                .asText());
                c.send(BASE + "\"action\":\"accept\",\"id\":1}");
                JsonNode refused = c.nextOfType("error");
                assertEquals("forbidden", refused.get("code").asText());
                assertEquals(
                        "your token does not grant write on notes",
                        refused.get("message").asText());
                r.send(suggest(1, 0, 4, "no"));
                assertEquals("forbidden", r.nextOfType("error").get("code").asText());
                w.send(BASE + "\"action\":\"accept\",\"id\":1}");
                JsonNode accepted = w.next(m -> m.path("type").asText().equals("suggestion")
                                && m.get("suggestion").get("status").asText().equals("accepted"))
                        .get("suggestion");
                assertEquals("wanda", accepted.get("decidedBy").asText());
                assertEquals("cora", accepted.get("author").asText());
                Http.Response rest = Http.withToken(
                        server.port(), "POST", "/api/docs/notes/suggestions", "{\"action\":\"reject-all\"}", commenter);
                assertEquals(403, rest.status());
            }
        }
    }
}
