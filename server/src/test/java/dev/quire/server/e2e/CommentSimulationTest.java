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
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's simulation: several real WebSocket clients edit, comment, reply, edit and delete
 * their comments, resolve and reopen threads, concurrently and with reconnects, against a real
 * server; afterwards every client has the server's text and the server's comments, ranges
 * included (GET /api/docs/{id}/comments), and a restarted server still has them.
 */
class CommentSimulationTest {
    @TempDir
    Path dataDir;

    static String describe(JsonNode c, Optional<AnchoredRange> range) {
        return c.get("id").asLong() + "|" + c.get("thread").asLong() + "|"
                + c.get("author").asText() + "|"
                + c.get("owner").asText() + "|" + c.get("text").asText() + "|"
                + c.get("deleted").asBoolean() + "|"
                + c.path("resolved").asBoolean() + "|"
                + range.map(r -> r.start() + ".." + r.end()).orElse("-");
    }

    private static List<String> describe(JsonNode comments) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : comments) {
            Optional<AnchoredRange> range = c.has("start")
                    ? Optional.of(new AnchoredRange(
                            c.get("start").asInt(), c.get("end").asInt()))
                    : Optional.empty();
            out.add(describe(c, range));
        }
        return out;
    }

    @Test
    void clientsThatCommentAndEditConcurrentlyWithReconnectsEndWithTheServersComments() throws Exception {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        System.out.println("[comment simulation] -Dquire.seed=" + seed);
        Random random = new Random(seed);
        List<String> expected;
        String content;
        try (QuireServer server = ServerFixture.start(dataDir, "--snapshot-every", "5", "--op-rate", "0")) {
            List<CommentingClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    clients.add(new CommentingClient(server.port(), "shared", "commenter-" + i + "-xxxx"));
                }
                for (int step = 0; step < 1500; step++) {
                    CommentingClient c = clients.get(random.nextInt(clients.size()));
                    c.pump();
                    int action = random.nextInt(40);
                    if (action < 24) {
                        c.edit(random);
                    } else if (action < 38) {
                        c.comment(random);
                    } else {
                        c.reconnect();
                    }
                    if (step % 10 == 0) {
                        Thread.sleep(1);
                    }
                }
                JsonNode[] server0 = new JsonNode[1];
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> {
                            clients.forEach(CommentingClient::pump);
                            server0[0] = Http.get(server.port(), "/api/docs/shared/comments")
                                    .json();
                            int version = server0[0].get("version").asInt();
                            return clients.stream().allMatch(c -> c.isSynchronized() && c.version() == version);
                        });
                // Comment changes still being stored arrive; the server shows only committed ones.
                JsonNode[] all = new JsonNode[1];
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> {
                            clients.forEach(CommentingClient::pump);
                            all[0] = Http.get(server.port(), "/api/docs/shared/comments")
                                    .json();
                            List<String> server1 = describe(all[0].get("comments"));
                            return clients.stream().allMatch(c -> c.describe().equals(server1));
                        });
                expected = describe(all[0].get("comments"));
                content = Http.get(server.port(), "/api/docs/shared")
                        .json()
                        .get("content")
                        .asText();
                assertTrue(expected.size() > 20, "the run made comments: " + expected.size());
                for (CommentingClient c : clients) {
                    assertEquals(all[0].get("version").asInt(), c.version(), c.session);
                    assertEquals(content, c.text(), c.session + "'s text");
                    assertEquals(expected, c.describe(), c.session + "'s comments");
                    // Only refusals the random script invites: none of them lose anything.
                    assertTrue(
                            c.errors.stream().allMatch(e -> e.equals("comment-not-found")), c.session + " " + c.errors);
                }
                for (JsonNode c : all[0].get("comments")) {
                    if (c.has("start")) {
                        assertTrue(c.get("end").asInt() <= content.length());
                    }
                }
            } finally {
                clients.forEach(CommentingClient::close);
            }
        }
        try (QuireServer server = ServerFixture.start(dataDir)) {
            JsonNode all = Http.get(server.port(), "/api/docs/shared/comments").json();
            assertEquals(expected, describe(all.get("comments")), "after a restart");
            assertEquals(
                    content,
                    Http.get(server.port(), "/api/docs/shared")
                            .json()
                            .get("content")
                            .asText());
        }
    }
}
