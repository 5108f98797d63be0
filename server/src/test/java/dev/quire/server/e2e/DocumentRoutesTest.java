package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Titles, content replacement, append, named versions and list search over REST (issue 12). */
class DocumentRoutesTest {
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
    void titleIsStoredListedAndSentLiveToEditors() throws Exception {
        assertEquals(404, Http.get(port, "/api/docs/meeting-notes/title").status());
        try (WsClient ws = WsClient.connect(port)) {
            ws.send(ProtocolTest.join("meeting-notes", "session-aaaa"));
            ws.nextOfType("joined");
            Http.Response r = Http.put(port, "/api/docs/meeting-notes/title", "{\"title\":\"  Meeting notes ✓ \"}");
            assertEquals(200, r.status(), r.body());
            assertEquals("{\"id\":\"meeting-notes\",\"title\":\"Meeting notes ✓\"}", r.body());
            assertEquals(
                    "{\"type\":\"title\",\"doc\":\"meeting-notes\",\"title\":\"Meeting notes ✓\"}",
                    ws.nextOfType("title").toString());
        }
        assertEquals(
                "{\"id\":\"meeting-notes\",\"title\":\"Meeting notes ✓\"}",
                Http.get(port, "/api/docs/meeting-notes/title").body());
        JsonNode listed = Http.get(port, "/api/docs").json().get("docs").get(0);
        assertEquals("Meeting notes ✓", listed.get("title").asText());
        assertEquals(0, listed.get("version").asInt());
        assertEquals(
                400,
                Http.put(port, "/api/docs/meeting-notes/title", "{\"title\":\"a\\nb\"}")
                        .status());
        assertEquals(
                "{\"code\":\"malformed-message\",\"message\":\"title: expected at most 200 characters, found 201\"}",
                Http.put(port, "/api/docs/meeting-notes/title", "{\"title\":\"" + "x".repeat(201) + "\"}")
                        .body());
    }

    @Test
    void contentIsReplacedByAServerDiffAndAppendAddsAtTheEnd() throws Exception {
        Http.Response first = Http.put(port, "/api/docs/todo/content", "{\"content\":\"milk\\neggs\\n\"}");
        assertEquals("{\"version\":1,\"op\":[\"milk\\neggs\\n\"]}", first.body());
        Http.Response second = Http.put(
                port, "/api/docs/todo/content", "{\"content\":\"milk\\nbread\\neggs 😀\\n\",\"author\":\"Ada\"}");
        assertEquals("{\"version\":2,\"op\":[5,\"bread\\neggs 😀\",-4,1]}", second.body());
        Http.Response same = Http.put(port, "/api/docs/todo/content", "{\"content\":\"milk\\nbread\\neggs 😀\\n\"}");
        assertEquals("{\"version\":2,\"op\":[19]}", same.body());
        Http.Response appended = Http.post(port, "/api/docs/todo/append", "{\"text\":\"tea\\n\"}");
        assertEquals("{\"version\":3,\"op\":[19,\"tea\\n\"]}", appended.body());
        assertEquals(
                "milk\nbread\neggs 😀\ntea\n",
                Http.get(port, "/api/docs/todo").json().get("content").asText());
        assertEquals(
                "Ada",
                Http.get(port, "/api/docs/todo/ops?from=2&to=3")
                        .json()
                        .get("ops")
                        .get(0)
                        .get("author")
                        .asText());
        assertEquals(
                400,
                Http.put(port, "/api/docs/todo/content", "{\"text\":\"x\"}").status());
        assertEquals(
                400,
                Http.post(port, "/api/docs/todo/content", "{\"content\":\"x\"}").status());
    }

    @Test
    void htmlExportIsRenderedStandaloneAndRunsNothingFromTheDocument() throws Exception {
        Http.put(
                port,
                "/api/docs/readme.md/content",
                "{\"content\":\"# Hello *world*\\n\\n<script>alert(1)</script>\\n\\n"
                        + "[click](javascript:alert(2)) <img src=x onerror=alert(3)>\"}");
        Http.Response r = Http.get(port, "/api/docs/readme.md/export?format=html");
        assertEquals(200, r.status(), r.body());
        assertEquals("<!doctype html>", r.body().substring(0, "<!doctype html>".length()));
        String body = r.body().substring(r.body().indexOf("<main>"));
        assertEquals(
                "<main>\n<h1>Hello <em>world</em></h1>\n"
                        + "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
                        + "<p><a rel=\"nofollow\" href=\"\">click</a> &lt;img src=x onerror=alert(3)&gt;</p>\n"
                        + "</main>\n</body>\n</html>\n",
                body);
        assertEquals(true, r.body().contains("<title>readme.md</title>"));
    }

    @Test
    void namedVersionsAreListedReplacedAndChecked() throws Exception {
        assertEquals(404, Http.get(port, "/api/docs/plan/named-versions").status());
        Http.put(port, "/api/docs/plan/content", "{\"content\":\"one\"}");
        Http.put(port, "/api/docs/plan/content", "{\"content\":\"one two\"}");
        assertEquals(
                "{\"version\":1,\"name\":\"First draft\"}",
                Http.post(port, "/api/docs/plan/named-versions", "{\"version\":1,\"name\":\"First draft\"}")
                        .body());
        Http.post(port, "/api/docs/plan/named-versions", "{\"version\":2,\"name\":\"Sent to Ada\"}");
        JsonNode names = Http.get(port, "/api/docs/plan/named-versions").json().get("namedVersions");
        assertEquals(2, names.size());
        assertEquals("First draft", names.get(0).get("name").asText());
        assertEquals(2, names.get(1).get("version").asInt());
        assertEquals(
                409,
                Http.post(port, "/api/docs/plan/named-versions", "{\"version\":3,\"name\":\"later\"}")
                        .status());
        Http.post(port, "/api/docs/plan/named-versions", "{\"version\":1,\"name\":\"\"}");
        assertEquals(
                1,
                Http.get(port, "/api/docs/plan/named-versions")
                        .json()
                        .get("namedVersions")
                        .size());
    }

    @Test
    void listSearchMatchesIdOrTitleIgnoringCase() throws Exception {
        Http.put(port, "/api/docs/meeting-notes/title", "{\"title\":\"Weekly Sync\"}");
        Http.put(port, "/api/docs/groceries/content", "{\"content\":\"milk\"}");
        Http.put(port, "/api/docs/recipes/title", "{\"title\":\"Soups\"}");
        assertEquals("meeting-notes", ids("sync"));
        assertEquals("groceries", ids("GROC"));
        assertEquals("recipes", ids("soUP"));
        assertEquals("", ids("zzz"));
    }

    private String ids(String q) throws Exception {
        JsonNode docs = Http.get(port, "/api/docs?q=" + q).json().get("docs");
        java.util.List<String> out = new java.util.ArrayList<>();
        docs.forEach(d -> out.add(d.get("id").asText()));
        java.util.Collections.sort(out);
        return String.join(",", out);
    }
}
