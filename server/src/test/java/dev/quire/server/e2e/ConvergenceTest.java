package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many real WebSocket editors type concurrently into one document at random positions (with
 * emoji), a third of them reading batches ({@code ops}) with one op in flight, a third single
 * messages, and a third batches with up to 2–8 ops in flight (pipelining, decision 039);
 * afterwards every client's text, the server's, and GET /api/docs/{id} agree.
 */
class ConvergenceTest {
    @TempDir
    Path dataDir;

    /** The transport every editor uses; {@link ConvergenceOverHttpTest} runs it all over the fallback. */
    Transport transport() {
        return Transport.WEBSOCKET;
    }

    @ParameterizedTest(name = "{0} clients")
    @ValueSource(ints = {2, 8, 20})
    void concurrentTypingConverges(int clients) throws Exception {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        System.out.println("[convergence] " + transport() + " " + clients + " clients, -Dquire.seed=" + seed);
        Random random = new Random(seed);
        // A small snapshot interval so that snapshots are taken while typing; clients type as fast
        // as acks come back, far over the default op rate, on purpose.
        try (QuireServer server = ServerFixture.start(dataDir, "--snapshot-every", "7", "--op-rate", "0")) {
            List<EditingClient> editors = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    // Clients from before batches, from before pipelining, and pipelining ones at once.
                    String session = "session-" + i + "-xxxxxx";
                    editors.add(
                            switch (i % 3) {
                                case 0 -> new EditingClient(transport(), server.port(), "shared", session);
                                case 1 -> EditingClient.singleMessages(transport(), server.port(), "shared", session);
                                default ->
                                    EditingClient.pipelining(transport(), server.port(), "shared", session, 2 + i % 7);
                            });
                }
                long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < end) {
                    for (EditingClient e : editors) {
                        e.pump();
                        if (random.nextInt(4) == 0) {
                            e.edit(random);
                        }
                    }
                    Thread.sleep(1);
                }
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> {
                            editors.forEach(EditingClient::pump);
                            return editors.stream().allMatch(e -> e.isSynchronized());
                        });
                JsonNode docId = Http.get(server.port(), "/api/docs/shared").json();
                int version = docId.get("version").asInt();
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> {
                            editors.forEach(EditingClient::pump);
                            return editors.stream().allMatch(e -> e.version() == version);
                        });
                String content = docId.get("content").asText();
                int acks = 0;
                for (EditingClient e : editors) {
                    assertEquals(content, e.text(), e.session + " diverged");
                    acks += e.acks;
                }
                assertEquals(version, acks, "every op was acknowledged exactly once");
                // Any past version can be rebuilt: version 0 is empty, and the log replays to the text.
                assertEquals(
                        "",
                        Http.get(server.port(), "/api/docs/shared?version=0")
                                .json()
                                .get("content")
                                .asText());
                // Paged as any reader must (Http.opLog): at most 10,000 ops come per request, and a
                // fast machine makes more than that in these 3 s (a CI run replayed only the first page).
                String replay = "";
                int replayed = 0;
                for (JsonNode op : Http.opLog(server.port(), "shared")) {
                    assertEquals(++replayed, op.get("version").asInt());
                    replay = EditingClient.parse(op.get("op")).apply(replay);
                }
                assertEquals(version, replayed);
                System.out.println("[convergence] " + clients + " clients made " + version + " versions");
                assertEquals(content, replay);
                System.out.println("[convergence] " + clients + " clients made " + version + " versions");
            } finally {
                editors.forEach(EditingClient::close);
            }
        }
    }
}
