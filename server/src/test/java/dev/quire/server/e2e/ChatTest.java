package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat end to end (issue 17, decision 032) on a real server with real WebSocket clients: messages
 * reach every client that asked for chat and nothing reaches one that did not, history pages are
 * exact, every refusal has its code, messages survive a restart, go with the document, and are in
 * the REST API, the export and the import; {@code read} sees the chat, {@code comment} may talk.
 */
class ChatTest {
    @TempDir
    Path dataDir;

    private static JsonNode join(WsClient ws, String session, String name, boolean withChat) throws Exception {
        ws.send("{\"type\":\"join\",\"doc\":\"notes\",\"session\":\"" + session + "\",\"user\":{\"name\":\"" + name
                + "\"}" + (withChat ? ",\"accept\":[\"ops\",\"chat\"]" : "") + "}");
        return ws.nextOfType("joined");
    }

    private static void say(WsClient ws, String text) throws Exception {
        ws.send("{\"type\":\"chat\",\"doc\":\"notes\",\"text\":" + WsClient.JSON.writeValueAsString(text) + "}");
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        for (JsonNode m : page.get("messages")) {
            ids.add(m.get("id").asLong());
        }
        return ids;
    }

    private static List<Long> range(long from, long to) {
        List<Long> ids = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void twoClientsSeeEachOthersMessagesAndAnOldClientNothing() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient ada = WsClient.connect(server.port());
                WsClient bo = WsClient.connect(server.port());
                WsClient old = WsClient.connect(server.port())) {
            String adaColor = join(ada, "ada-session-1", "Ada", true)
                    .get("user")
                    .get("color")
                    .asText();
            JsonNode empty = ada.nextOfType("chat-history");
            assertEquals(0, empty.get("messages").size());
            assertFalse(empty.get("more").asBoolean());
            assertFalse(empty.has("before"));
            String boColor = join(bo, "bo-session-1", "Bo", true)
                    .get("user")
                    .get("color")
                    .asText();
            bo.nextOfType("chat-history");
            join(old, "old-session-1", "Old", false);

            say(ada, "<img src=x onerror=alert(1)>");
            JsonNode atBo = bo.nextOfType("chat");
            assertEquals("notes", atBo.get("doc").asText());
            JsonNode m = atBo.get("message");
            assertEquals(1, m.get("id").asLong());
            assertEquals("Ada", m.get("author").asText());
            assertEquals(adaColor, m.get("color").asText());
            assertEquals("<img src=x onerror=alert(1)>", m.get("text").asText());
            assertEquals(atBo, ada.nextOfType("chat"));

            say(bo, "  hello Ada  ");
            JsonNode reply = ada.nextOfType("chat").get("message");
            assertEquals(2, reply.get("id").asLong());
            assertEquals("Bo", reply.get("author").asText());
            assertEquals(boColor, reply.get("color").asText());
            assertEquals("  hello Ada  ", reply.get("text").asText());
            assertEquals(reply, bo.nextOfType("chat").get("message"));

            // A rename (presence with a name) is the name of the next message.
            ada.send("{\"type\":\"presence\",\"doc\":\"notes\",\"version\":0,\"selection\":[],"
                    + "\"user\":{\"name\":\"Ada L.\"}}");
            bo.next(f -> f.toString().contains("Ada L."));
            say(ada, "renamed");
            assertEquals(
                    "Ada L.", bo.nextOfType("chat").get("message").get("author").asText());

            // The old client was sent nothing of chat, and a chat-history request is answered only on asking.
            old.send("{\"type\":\"leave\",\"doc\":\"notes\"}");
            Thread.sleep(300);
            String frame;
            while ((frame = old.inbox.poll()) != null) {
                assertFalse(frame.contains("\"chat"), frame);
            }

            JsonNode rest = Http.get(server.port(), "/api/docs/notes/chat").json();
            assertEquals("notes", rest.get("doc").asText());
            assertEquals(List.of(1L, 2L, 3L), ids(rest));
            assertEquals(m, rest.get("messages").get(0));
            assertFalse(rest.get("more").asBoolean());
        }
    }

    @Test
    void historyPagesAreExactAndTheExportAndImportCarryTheChat() throws Exception {
        StringBuilder file = new StringBuilder("{\"format\":\"quire-document\",\"formatVersion\":1,\"id\":\"x\","
                + "\"version\":0,\"content\":\"\",\"ops\":[],\"chat\":[");
        for (int i = 1; i <= 250; i++) {
            file.append(i == 1 ? "" : ",")
                    .append("{\"id\":")
                    .append(1000 + i)
                    .append(",\"author\":\"Ada\",\"color\":\"#4363d8\",\"text\":\"message ")
                    .append(i)
                    .append("\",\"time\":\"2026-12-06T04:00:00Z\"}");
        }
        file.append("]}");
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient ada = WsClient.connect(server.port())) {
            assertEquals(
                    201,
                    Http.post(server.port(), "/api/docs/notes/import", file.toString())
                            .status());
            join(ada, "ada-session-2", "Ada", true);
            JsonNode newest = ada.nextOfType("chat-history");
            assertEquals(range(151, 250), ids(newest));
            assertTrue(newest.get("more").asBoolean());
            assertEquals(
                    "message 151", newest.get("messages").get(0).get("text").asText());
            assertEquals(
                    "2026-12-06T04:00:00Z",
                    newest.get("messages").get(0).get("time").asText());

            ada.send("{\"type\":\"chat-history\",\"doc\":\"notes\",\"before\":151}");
            JsonNode older = ada.nextOfType("chat-history");
            assertEquals(151, older.get("before").asLong());
            assertEquals(range(51, 150), ids(older));
            assertTrue(older.get("more").asBoolean());
            ada.send("{\"type\":\"chat-history\",\"doc\":\"notes\",\"before\":51}");
            JsonNode oldest = ada.nextOfType("chat-history");
            assertEquals(range(1, 50), ids(oldest));
            assertFalse(oldest.get("more").asBoolean());
            ada.send("{\"type\":\"chat-history\",\"doc\":\"notes\",\"before\":11,\"limit\":10}");
            JsonNode exact = ada.nextOfType("chat-history");
            assertEquals(range(1, 10), ids(exact));
            assertFalse(exact.get("more").asBoolean());

            JsonNode rest = Http.get(server.port(), "/api/docs/notes/chat?before=51&limit=20")
                    .json();
            assertEquals(range(31, 50), ids(rest));
            assertTrue(rest.get("more").asBoolean());
            assertEquals(
                    range(151, 250),
                    ids(Http.get(server.port(), "/api/docs/notes/chat").json()));
            Http.Response bad = Http.get(server.port(), "/api/docs/notes/chat?limit=101");
            assertEquals(400, bad.status());
            assertEquals("malformed-message", bad.json().get("code").asText());
            assertEquals(
                    400,
                    Http.get(server.port(), "/api/docs/notes/chat?before=0").status());

            // The export has all 250, oldest first; imported elsewhere it reads the same.
            JsonNode export = Http.get(server.port(), "/api/docs/notes/export?format=json")
                    .json();
            assertEquals(250, export.get("chat").size());
            assertEquals("message 1", export.get("chat").get(0).get("text").asText());
            assertEquals(250, export.get("chat").get(249).get("id").asLong());
            assertEquals(
                    201,
                    Http.post(server.port(), "/api/docs/copy/import", export.toString())
                            .status());
            assertEquals(
                    export.get("chat").get(249),
                    Http.get(server.port(), "/api/docs/copy/chat?limit=1")
                            .json()
                            .get("messages")
                            .get(0));
        }
    }

    @Test
    void refusalsHaveStableCodesAndStoreNothing() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient ada = WsClient.connect(server.port());
                WsClient stranger = WsClient.connect(server.port())) {
            join(ada, "ada-session-3", "Ada", true);
            ada.nextOfType("chat-history");
            say(ada, "");
            JsonNode empty = ada.nextOfType("error");
            assertEquals("chat-empty", empty.get("code").asText());
            assertEquals("notes", empty.get("doc").asText());
            say(ada, " \n\t ");
            assertEquals("chat-empty", ada.nextOfType("error").get("code").asText());
            say(ada, "x".repeat(2001));
            JsonNode tooLong = ada.nextOfType("error");
            assertEquals("chat-too-long", tooLong.get("code").asText());
            assertEquals(
                    "chat: text of 2001 UTF-16 code units, at most 2000",
                    tooLong.get("message").asText());
            ada.send("{\"type\":\"chat\",\"doc\":\"notes\",\"text\":7}");
            assertEquals(
                    "malformed-message", ada.nextOfType("error").get("code").asText());
            ada.send("{\"type\":\"chat-history\",\"doc\":\"notes\",\"limit\":101}");
            assertEquals(
                    "malformed-message", ada.nextOfType("error").get("code").asText());
            say(stranger, "hi");
            assertEquals("not-joined", stranger.nextOfType("error").get("code").asText());

            // Ten at once (the first at the longest length), the eleventh is over the rate.
            say(ada, "y".repeat(2000));
            for (int i = 2; i <= 11; i++) {
                say(ada, "m" + i);
            }
            // The refusal is sent at once, the messages once stored: in any order.
            List<Long> stored = new ArrayList<>();
            JsonNode limited = null;
            while (stored.size() < 10 || limited == null) {
                JsonNode f = ada.next(n -> !n.path("type").asText().equals("ops"));
                if (f.get("type").asText().equals("chat")) {
                    stored.add(f.get("message").get("id").asLong());
                } else {
                    assertEquals(null, limited, f.toString());
                    limited = f;
                }
            }
            assertEquals(range(1, 10), stored);
            assertEquals("rate-limited", limited.get("code").asText());
            assertTrue(limited.get("retryAfterMs").asLong() > 0, limited.toString());
            assertEquals(
                    2000,
                    Http.get(server.port(), "/api/docs/notes/chat")
                            .json()
                            .get("messages")
                            .get(0)
                            .get("text")
                            .asText()
                            .length());
            assertEquals(
                    range(1, 10),
                    ids(Http.get(server.port(), "/api/docs/notes/chat").json()));
        }
    }

    @Test
    void messagesSurviveARestartAndGoWithTheDocument() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient ada = WsClient.connect(server.port())) {
            join(ada, "ada-session-4", "Ada", true);
            ada.nextOfType("chat-history");
            ada.send("{\"type\":\"op\",\"doc\":\"notes\",\"version\":0,\"seq\":1,\"op\":[\"text\"]}");
            say(ada, "first");
            say(ada, "second");
            ada.nextOfType("chat");
            assertEquals(2, ada.nextOfType("chat").get("message").get("id").asLong());
        }
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient bo = WsClient.connect(server.port())) {
            join(bo, "bo-session-4", "Bo", true);
            JsonNode history = bo.nextOfType("chat-history");
            assertEquals(List.of(1L, 2L), ids(history));
            assertEquals("second", history.get("messages").get(1).get("text").asText());
            assertEquals("Ada", history.get("messages").get(1).get("author").asText());
            say(bo, "third");
            assertEquals(3, bo.nextOfType("chat").get("message").get("id").asLong());
            assertEquals(204, Http.delete(server.port(), "/api/docs/notes").status());
            JsonNode gone = Http.get(server.port(), "/api/docs/notes/chat").json();
            assertEquals(0, gone.get("messages").size());
        }
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient cy = WsClient.connect(server.port())) {
            join(cy, "cy-session-4", "Cy", true);
            assertEquals(0, cy.nextOfType("chat-history").get("messages").size());
            say(cy, "fresh");
            assertEquals(1, cy.nextOfType("chat").get("message").get("id").asLong());
        }
    }

    @Test
    void readSeesTheChatAndCommentMayTalk() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--jwt-secret", Tokens.SECRET)) {
            String commenter = Tokens.of("cora", Map.of("*", "comment"));
            String reader = Tokens.of("rita", Map.of("*", "read"));
            try (WsClient c = WsClient.connect(server.port(), AuthTest.bearer(commenter));
                    WsClient r = WsClient.connect(server.port(), AuthTest.bearer(reader))) {
                join(c, "cora-session-0123456789abcdef", "ignored", true);
                c.nextOfType("chat-history");
                join(r, "rita-session-0123456789abcdef", "ignored", true);
                r.nextOfType("chat-history");
                say(c, "from cora");
                JsonNode heard = r.nextOfType("chat").get("message");
                assertEquals("cora", heard.get("author").asText());
                say(r, "from rita");
                JsonNode refused = r.nextOfType("error");
                assertEquals("forbidden", refused.get("code").asText());
                assertEquals(
                        "your token does not grant comment on notes",
                        refused.get("message").asText());
                r.send("{\"type\":\"chat-history\",\"doc\":\"notes\"}");
                assertEquals(List.of(1L), ids(r.nextOfType("chat-history")));
                assertEquals(
                        200,
                        Http.withToken(server.port(), "GET", "/api/docs/notes/chat", null, reader)
                                .status());
                assertEquals(
                        401, Http.get(server.port(), "/api/docs/notes/chat").status());
            }
        }
    }
}
