package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.TextOperation;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's authorship, seeded: three named editors type concurrently against a real server
 * that snapshots every 7 ops; {@code GET /api/docs/{id}/authorship} at the current version and
 * at random past versions must equal a model built from the op log alone (a per-unit list of
 * authors and times, edited component by component, never through {@code Authorship}), and so
 * must it after a restart (the document loaded from a snapshot and the ops after it) and after
 * more edits on top of that reload. Replay with the seed it prints ({@code -Dquire.seed=N}).
 */
class AuthorshipSimulationTest {
    private static final String[] PEOPLE = {"Ada", "Bo", "Cy 😀"};

    @TempDir
    Path dataDir;

    /** Who inserted one UTF-16 unit, with its time as the REST answer writes it (to the minute). */
    record Unit(String author, String time) {}

    @Test
    void spansMatchTheModelBuiltFromTheOpLogBeforeAndAfterARestart() throws Exception {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        System.out.println("[authorship simulation] -Dquire.seed=" + seed);
        Random random = new Random(seed);
        try (QuireServer server =
                ServerFixture.start(dataDir, "--snapshot-every", "7", "--op-rate", "0", "--sync-commits", "false")) {
            edit(server, random, 300, "first");
            checkAgainstTheOpLog(server, random);
        }
        try (QuireServer server =
                ServerFixture.start(dataDir, "--snapshot-every", "7", "--op-rate", "0", "--sync-commits", "false")) {
            checkAgainstTheOpLog(server, random);
            edit(server, random, 60, "again");
            checkAgainstTheOpLog(server, random);
        }
        try (QuireServer server = ServerFixture.start(dataDir)) {
            checkAgainstTheOpLog(server, random);
        }
    }

    private static void edit(QuireServer server, Random random, int steps, String round) throws Exception {
        List<EditingClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < PEOPLE.length; i++) {
                clients.add(
                        EditingClient.named(server.port(), "shared", round + "-author-" + i + "-xxxxxx", PEOPLE[i]));
            }
            for (int step = 0; step < steps; step++) {
                EditingClient c = clients.get(random.nextInt(clients.size()));
                c.pump();
                c.edit(random);
                // A pause now and then lets acks in, so edits go as many ops rather than a few composed.
                if (step % 2 == 0) {
                    Thread.sleep(2);
                }
            }
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        clients.forEach(EditingClient::pump);
                        int version = Http.get(server.port(), "/api/docs/shared")
                                .json()
                                .get("version")
                                .asInt();
                        return clients.stream().allMatch(c -> c.isSynchronized() && c.version() == version);
                    });
        } finally {
            clients.forEach(EditingClient::close);
        }
    }

    private static void checkAgainstTheOpLog(QuireServer server, Random random) throws Exception {
        JsonNode ops =
                Http.get(server.port(), "/api/docs/shared/ops?from=1").json().get("ops");
        int current = ops.size();
        assertTrue(current > 20, "the run made ops: " + current);
        List<Integer> versions = new ArrayList<>(List.of(current, 0, 1, 7, 8));
        for (int i = 0; i < 6; i++) {
            versions.add(random.nextInt(current + 1));
        }
        for (int version : versions) {
            List<Unit> units = new ArrayList<>();
            for (int v = 0; v < version; v++) {
                units = applied(units, ops.get(v));
            }
            String path = "/api/docs/shared/authorship" + (version == current ? "" : "?version=" + version);
            JsonNode answer = Http.get(server.port(), path).json();
            assertEquals(version, answer.get("version").asInt(), path);
            assertEquals(expectedSpans(units), answer.get("spans").toString(), path);
        }
        JsonNode text = Http.get(server.port(), "/api/docs/shared").json();
        JsonNode spans =
                Http.get(server.port(), "/api/docs/shared/authorship").json().get("spans");
        assertEquals(
                text.get("content").asText().length(),
                spans.get(spans.size() - 1).get("to").asInt());
    }

    /** The model after one op of the log: its inserts are its author's at its minute. */
    private static List<Unit> applied(List<Unit> before, JsonNode logged) {
        TextOperation op = EditingClient.parse(logged.get("op"));
        long ms = Instant.parse(logged.get("time").asText()).toEpochMilli();
        Unit inserted = new Unit(
                logged.get("author").asText(),
                Instant.ofEpochMilli(ms - Math.floorMod(ms, 60_000L)).toString());
        List<Unit> after = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < op.componentCount(); i++) {
            int n = op.length(i);
            if (op.isRetain(i)) {
                after.addAll(before.subList(at, at + n));
                at += n;
            } else if (op.isDelete(i)) {
                at += n;
            } else {
                for (int k = 0; k < n; k++) {
                    after.add(inserted);
                }
            }
        }
        assertEquals(before.size(), at);
        return after;
    }

    /** The REST answer's spans for the model: maximal runs of equal units. */
    private static String expectedSpans(List<Unit> units) {
        StringBuilder out = new StringBuilder("[");
        int from = 0;
        for (int i = 1; i <= units.size(); i++) {
            if (i == units.size() || !units.get(i).equals(units.get(from))) {
                Unit u = units.get(from);
                out.append(out.length() > 1 ? "," : "")
                        .append("{\"from\":")
                        .append(from)
                        .append(",\"to\":")
                        .append(i)
                        .append(",\"author\":\"")
                        .append(u.author())
                        .append("\",\"time\":\"")
                        .append(u.time())
                        .append("\"}");
                from = i;
            }
        }
        return out.append("]").toString();
    }
}
