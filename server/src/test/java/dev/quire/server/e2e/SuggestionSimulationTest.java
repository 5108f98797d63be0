package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.AnchoredRange;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's simulation: several real WebSocket clients edit, comment, suggest (with merging
 * keystrokes), accept, reject, accept all and reject all, concurrently and with reconnects,
 * against a real server; afterwards every client has the server's text, comments and
 * suggestions, ranges included, and a restarted server still has them.
 */
class SuggestionSimulationTest {
    /** Refusals the random script invites (a race with another client's decision): none loses anything. */
    private static final Set<String> EXPECTED_ERRORS =
            Set.of("comment-not-found", "suggestion-not-found", "suggestion-decided");

    @TempDir
    Path dataDir;

    static String describe(JsonNode s, AnchoredRange range) {
        return s.get("id").asLong() + "|" + s.get("author").asText() + "|"
                + s.get("owner").asText() + "|"
                + s.get("text").asText() + "|" + s.get("status").asText() + "|"
                + s.path("acceptedIn").asInt(-1) + "|" + s.has("edited") + "|"
                + range.start() + ".." + range.end();
    }

    private static List<String> describe(JsonNode suggestions) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : suggestions) {
            out.add(describe(
                    s, new AnchoredRange(s.get("start").asInt(), s.get("end").asInt())));
        }
        return out;
    }

    @Test
    void clientsThatSuggestDecideAndEditConcurrentlyWithReconnectsEndWithTheServersSuggestions() throws Exception {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        System.out.println("[suggestion simulation] -Dquire.seed=" + seed);
        java.util.Random random = new java.util.Random(seed);
        int steps = Integer.getInteger("quire.iterations", 2500);
        List<String> expected;
        List<String> expectedComments;
        String content;
        try (QuireServer server = ServerFixture.start(dataDir, "--snapshot-every", "5", "--op-rate", "0")) {
            List<CommentingClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    clients.add(new CommentingClient(server.port(), "shared", "suggester-" + i + "-xxxx"));
                }
                for (int step = 0; step < steps; step++) {
                    CommentingClient c = clients.get(random.nextInt(clients.size()));
                    c.pump();
                    int action = random.nextInt(40);
                    if (action < 16) {
                        c.edit(random);
                    } else if (action < 22) {
                        c.comment(random);
                    } else if (action < 39) {
                        c.suggest(random);
                    } else {
                        c.reconnect();
                    }
                    if (step % 10 == 0) {
                        Thread.sleep(1);
                    }
                }
                JsonNode[] all = new JsonNode[2];
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> {
                            clients.forEach(CommentingClient::pump);
                            all[0] = Http.get(server.port(), "/api/docs/shared/suggestions")
                                    .json();
                            all[1] = Http.get(server.port(), "/api/docs/shared/comments")
                                    .json();
                            int version = all[0].get("version").asInt();
                            List<String> s = describe(all[0].get("suggestions"));
                            List<String> t = describeComments(all[1]);
                            return all[1].get("version").asInt() == version
                                    && clients.stream()
                                            .allMatch(c -> c.isSynchronized()
                                                    && c.version() == version
                                                    && c.describeSuggestions().equals(s)
                                                    && c.describe().equals(t));
                        });
                expected = describe(all[0].get("suggestions"));
                List<String> comments = describeComments(all[1]);
                expectedComments = comments;
                content = Http.get(server.port(), "/api/docs/shared")
                        .json()
                        .get("content")
                        .asText();
                long accepted = count(all[0], "accepted");
                long rejected = count(all[0], "rejected");
                long merged = 0;
                for (JsonNode s : all[0].get("suggestions")) {
                    merged += s.has("edited") ? 1 : 0;
                    assertTrue(s.get("end").asInt() <= content.length(), s.toString());
                }
                System.out.println("[suggestion simulation] " + expected.size() + " suggestions, " + accepted
                        + " accepted, " + rejected + " rejected, " + merged + " merged or edited");
                assertTrue(expected.size() > 10, "the run made suggestions: " + expected.size());
                assertTrue(accepted >= 3 && rejected >= 3, accepted + " " + rejected + " " + merged);
                for (CommentingClient c : clients) {
                    assertEquals(all[0].get("version").asInt(), c.version(), c.session);
                    assertEquals(content, c.text(), c.session + "'s text");
                    assertEquals(expected, c.describeSuggestions(), c.session + "'s suggestions");
                    assertEquals(comments, c.describe(), c.session + "'s comments");
                    assertTrue(EXPECTED_ERRORS.containsAll(c.errors), c.session + " " + c.errors);
                }
            } finally {
                clients.forEach(CommentingClient::close);
            }
        }
        try (QuireServer server = ServerFixture.start(dataDir)) {
            JsonNode all =
                    Http.get(server.port(), "/api/docs/shared/suggestions").json();
            assertEquals(expected, describe(all.get("suggestions")), "after a restart");
            assertEquals(
                    expectedComments,
                    describeComments(
                            Http.get(server.port(), "/api/docs/shared/comments").json()),
                    "comments after a restart");
            assertEquals(
                    content,
                    Http.get(server.port(), "/api/docs/shared")
                            .json()
                            .get("content")
                            .asText());
        }
    }

    private static List<String> describeComments(JsonNode all) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : all.get("comments")) {
            java.util.Optional<AnchoredRange> range = c.has("start")
                    ? java.util.Optional.of(new AnchoredRange(
                            c.get("start").asInt(), c.get("end").asInt()))
                    : java.util.Optional.empty();
            out.add(CommentSimulationTest.describe(c, range));
        }
        return out;
    }

    private static long count(JsonNode all, String status) {
        long n = 0;
        for (JsonNode s : all.get("suggestions")) {
            n += s.get("status").asText().equals(status) ? 1 : 0;
        }
        return n;
    }
}
