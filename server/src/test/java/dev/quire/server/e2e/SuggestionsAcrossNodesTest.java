package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suggestions across a cluster (decision 042): two real servers on one real PostgreSQL database
 * and the machine's real Redis. A suggestion made on one node reaches the other node's editors
 * live, by the bus message comments travel by too ({@code {"type":"suggestion","id":…}}); an
 * accept made there reaches them after its op, and everyone ends with the same text.
 */
class SuggestionsAcrossNodesTest {
    @RegisterExtension
    static final SharedStore shared = new SharedStore();

    @TempDir
    Path dataDir;

    private static boolean opOrSuggestion(JsonNode m) {
        String type = m.path("type").asText();
        return type.equals("op") || type.equals("suggestion");
    }

    @Test
    void aSuggestionMadeAndAcceptedOnOneNodeIsSeenLiveOnTheOther() throws Exception {
        try (QuireServer a = shared.nodeOnBus(dataDir, "node-a");
                QuireServer b = shared.nodeOnBus(dataDir, "node-b");
                WsClient onA = WsClient.connect(a.port());
                WsClient onB = WsClient.connect(b.port())) {
            TwoNodes.joinBoth(onA, onB, "draft", "hello brave world");

            onA.send("{\"type\":\"suggestion\",\"doc\":\"draft\",\"action\":\"suggest\",\"version\":1,"
                    + "\"start\":6,\"end\":11,\"text\":\"bold\"}");
            JsonNode mine = onA.nextOfType("suggestion");
            JsonNode heard = onB.nextOfType("suggestion");
            // The same message on both nodes: the author's node rounds its time as the database does.
            assertEquals(mine, heard);
            assertEquals(1, heard.get("version").asInt());
            JsonNode s = heard.get("suggestion");
            assertEquals(1, s.get("id").asLong());
            assertEquals("Ada", s.get("author").asText());
            assertEquals("bold", s.get("text").asText());
            assertEquals(6, s.get("start").asInt());
            assertEquals(11, s.get("end").asInt());
            assertEquals("open", s.get("status").asText());

            onA.send("{\"type\":\"suggestion\",\"doc\":\"draft\",\"action\":\"accept\",\"id\":1}");
            JsonNode op = onB.next(SuggestionsAcrossNodesTest::opOrSuggestion);
            assertEquals("op", op.get("type").asText(), "the accepted op comes before the message saying so");
            assertEquals(2, op.get("version").asInt());
            assertEquals("[6,\"bold\",-5,6]", op.get("op").toString());
            JsonNode accepted = onB.next(SuggestionsAcrossNodesTest::opOrSuggestion);
            assertEquals("suggestion", accepted.get("type").asText());
            assertEquals(2, accepted.get("version").asInt());
            JsonNode decided = accepted.get("suggestion");
            assertEquals("accepted", decided.get("status").asText());
            assertEquals(2, decided.get("acceptedIn").asInt());
            assertEquals("Ada", decided.get("decidedBy").asText());
            // The replaced text leaves the range; the inserted text at its start stays outside it.
            assertEquals(10, decided.get("start").asInt());
            assertEquals(10, decided.get("end").asInt());
            assertEquals(op.get("op"), onA.nextOfType("op").get("op"));
            assertEquals(accepted, onA.nextOfType("suggestion"));

            assertEquals("hello bold world", content(a));
            assertEquals("hello bold world", content(b));
            JsonNode listed = Http.get(b.port(), "/api/docs/draft/suggestions").json();
            assertEquals(2, listed.get("version").asInt());
            assertEquals(decided, listed.get("suggestions").get(0));
        }
        assertEquals(2, shared.opLog("draft").size());
    }

    @Test
    void commentsAndSuggestionsTravelByOnePathAndKeepTheirOrder() throws Exception {
        try (QuireServer a = shared.nodeOnBus(dataDir, "node-a");
                QuireServer b = shared.nodeOnBus(dataDir, "node-b");
                WsClient onA = WsClient.connect(a.port());
                WsClient onB = WsClient.connect(b.port())) {
            TwoNodes.joinBoth(onA, onB, "draft", "one two");

            // Bo, on node b, comments and then suggests; Ada on node a sees both, in that order.
            onB.send("{\"type\":\"comment\",\"doc\":\"draft\",\"action\":\"create\",\"version\":1,"
                    + "\"start\":0,\"end\":3,\"text\":\"why one?\"}");
            onB.nextOfType("comment");
            onB.send("{\"type\":\"suggestion\",\"doc\":\"draft\",\"action\":\"suggest\",\"version\":1,"
                    + "\"start\":4,\"end\":7,\"text\":\"three\"}");
            onB.nextOfType("suggestion");
            JsonNode first = onA.next(m -> m.path("type").asText().equals("comment")
                    || m.path("type").asText().equals("suggestion"));
            assertEquals("comment", first.get("type").asText());
            assertEquals("why one?", first.get("comment").get("text").asText());
            JsonNode second = onA.nextOfType("suggestion").get("suggestion");
            assertEquals("three", second.get("text").asText());
            assertEquals("Bo", second.get("author").asText());
            assertEquals(4, second.get("start").asInt());
            assertEquals(7, second.get("end").asInt());

            // A reject on node a reaches node b.
            onA.send("{\"type\":\"suggestion\",\"doc\":\"draft\",\"action\":\"reject\",\"id\":1}");
            JsonNode onAsNode = onA.next(m -> m.path("type").asText().equals("suggestion")
                    || m.path("type").asText().equals("error"));
            assertEquals("rejected", onAsNode.path("suggestion").path("status").asText(), onAsNode.toString());
            JsonNode rejected = onB.nextOfType("suggestion").get("suggestion");
            assertEquals("rejected", rejected.get("status").asText());
            assertEquals("Ada", rejected.get("decidedBy").asText());
            assertEquals("one two", content(b));
        }
    }

    private static String content(QuireServer node) throws Exception {
        return Http.get(node.port(), "/api/docs/draft").json().get("content").asText();
    }
}
