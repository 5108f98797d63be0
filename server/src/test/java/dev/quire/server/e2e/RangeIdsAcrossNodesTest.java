package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ids of comments and suggestions made at the same moment on two nodes (decision 050): two real
 * servers on one real PostgreSQL database and the machine's real Redis, an editor on each sending
 * its creates back to back while the other does. Every record is kept, under an id of its own
 * (1, 2, 3, … without a gap: the database hands them out), and both nodes, REST and the editors
 * agree on every one.
 */
class RangeIdsAcrossNodesTest {
    private static final int EACH = 12;

    @RegisterExtension
    static final SharedStore shared = new SharedStore();

    @TempDir
    Path dataDir;

    @Test
    void commentsAndSuggestionsCreatedAtOnceOnTwoNodesAllKeepIdsOfTheirOwn() throws Exception {
        try (QuireServer a = shared.nodeOnBus(dataDir, "node-a");
                QuireServer b = shared.nodeOnBus(dataDir, "node-b");
                WsClient onA = WsClient.connect(a.port());
                WsClient onB = WsClient.connect(b.port())) {
            TwoNodes.joinBoth(onA, onB, "ids", "x".repeat(4 * EACH));

            // Back to back on both sockets: neither node has heard of the other's records yet.
            // Suggestions two apart, so an author's next one never touches (merges into) the last.
            for (int i = 0; i < EACH; i++) {
                onA.send(comment("a" + i, i));
                onB.send(comment("b" + i, i));
                onA.send(suggestion("A" + i, 4 * i));
                onB.send(suggestion("B" + i, 4 * i + 2));
            }

            List<String> texts = new ArrayList<>();
            for (int i = 0; i < EACH; i++) {
                texts.addAll(List.of("a" + i, "b" + i));
            }
            texts.sort(null);
            Map<String, Map<Long, JsonNode>> seenOnA = seen(onA, 2 * EACH);
            Map<String, Map<Long, JsonNode>> seenOnB = seen(onB, 2 * EACH);
            Map<Long, JsonNode> commentsSeenOnA = seenOnA.get("comment");
            Map<Long, JsonNode> commentsSeenOnB = seenOnB.get("comment");
            List<Long> ids = new ArrayList<>();
            for (long id = 1; id <= 2 * EACH; id++) {
                ids.add(id);
            }
            assertEquals(ids, List.copyOf(commentsSeenOnA.keySet()));
            assertEquals(ids, List.copyOf(commentsSeenOnB.keySet()));
            for (QuireServer node : List.of(a, b)) {
                JsonNode listed =
                        Http.get(node.port(), "/api/docs/ids/comments").json().get("comments");
                assertEquals(2 * EACH, listed.size());
                TreeSet<String> listedTexts = new TreeSet<>();
                for (JsonNode c : listed) {
                    long id = c.get("id").asLong();
                    assertEquals(id, c.get("thread").asLong(), "a thread of its own");
                    assertEquals(core(c), core(commentsSeenOnA.get(id)), "node a's editor saw comment " + id);
                    assertEquals(core(c), core(commentsSeenOnB.get(id)), "node b's editor saw comment " + id);
                    String text = c.get("text").asText();
                    assertEquals(
                            text.startsWith("a") ? "Ada" : "Bo", c.get("author").asText());
                    assertEquals(
                            Integer.parseInt(text.substring(1)), c.get("start").asInt());
                    listedTexts.add(text);
                }
                assertEquals(texts, List.copyOf(listedTexts));
            }

            Map<Long, JsonNode> suggestionsSeenOnA = seenOnA.get("suggestion");
            Map<Long, JsonNode> suggestionsSeenOnB = seenOnB.get("suggestion");
            assertEquals(ids, List.copyOf(suggestionsSeenOnA.keySet()));
            assertEquals(ids, List.copyOf(suggestionsSeenOnB.keySet()));
            for (QuireServer node : List.of(a, b)) {
                JsonNode listed = Http.get(node.port(), "/api/docs/ids/suggestions")
                        .json()
                        .get("suggestions");
                assertEquals(2 * EACH, listed.size());
                TreeSet<String> listedTexts = new TreeSet<>();
                for (JsonNode s : listed) {
                    long id = s.get("id").asLong();
                    assertEquals(core(s), core(suggestionsSeenOnA.get(id)), "node a's editor saw suggestion " + id);
                    assertEquals(core(s), core(suggestionsSeenOnB.get(id)), "node b's editor saw suggestion " + id);
                    String text = s.get("text").asText();
                    int i = Integer.parseInt(text.substring(1));
                    assertEquals(
                            text.startsWith("A") ? "Ada" : "Bo", s.get("author").asText());
                    assertEquals(
                            text.startsWith("A") ? 4 * i : 4 * i + 2,
                            s.get("start").asInt());
                    assertEquals("open", s.get("status").asText());
                    listedTexts.add(text.toLowerCase(java.util.Locale.ROOT));
                }
                assertEquals(texts, List.copyOf(listedTexts));
            }
        }
    }

    private static String comment(String text, int start) {
        return "{\"type\":\"comment\",\"doc\":\"ids\",\"action\":\"create\",\"version\":1,\"start\":" + start
                + ",\"end\":" + (start + 1) + ",\"text\":\"" + text + "\"}";
    }

    private static String suggestion(String text, int start) {
        return "{\"type\":\"suggestion\",\"doc\":\"ids\",\"action\":\"suggest\",\"version\":1,\"start\":" + start
                + ",\"end\":" + (start + 1) + ",\"text\":\"" + text + "\"}";
    }

    /**
     * The {@code comment} and {@code suggestion} messages an editor receives until it has
     * {@code count} of each, by type and by the id of what they carry; a second message for one
     * id, more than {@code count} of a type, or an error fails.
     */
    private static Map<String, Map<Long, JsonNode>> seen(WsClient editor, int count) throws Exception {
        Map<String, Map<Long, JsonNode>> byType = Map.of("comment", new TreeMap<>(), "suggestion", new TreeMap<>());
        while (byType.values().stream().anyMatch(m -> m.size() < count)) {
            JsonNode m = editor.next(n -> byType.containsKey(n.path("type").asText())
                    || n.path("type").asText().equals("error"));
            String type = m.get("type").asText();
            assertEquals(true, byType.containsKey(type), m.toString());
            JsonNode record = m.get(type);
            JsonNode before = byType.get(type).put(record.get("id").asLong(), record);
            assertEquals(null, before, type + " " + record.get("id") + " twice: " + before + " and " + record);
            assertEquals(true, byType.get(type).size() <= count, "more than " + count + " " + type + "s");
        }
        return byType;
    }

    /** What a record is, without its time (the author's node has it to the nanosecond, the store to the microsecond). */
    private static String core(JsonNode record) {
        return record.get("id") + " " + record.get("author") + " " + record.get("text") + " " + record.get("start")
                + ".." + record.get("end");
    }
}
