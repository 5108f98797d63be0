package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded simulation against the real server with a history of only 10 ops in memory: editors
 * type, lose their connection, type on offline, come back (often far older than the history in
 * memory, or than the newest snapshot after a restart), and the server restarts. Every edit
 * inserts a unique token between two others, so at the end each one must be in the document
 * exactly once, and every editor must hold the server's text.
 *
 * <p>Replay a run with {@code -Dquire.seed=N}; {@code -Dquire.iterations=N} sets the number of
 * steps (default 400).
 */
class RebaseSimulationTest {
    private static final Pattern TOKEN = Pattern.compile("<(\\d+)\\.(\\d+)>");
    private static final String[] FLAGS = {
        "--history-limit", "10", "--snapshot-every", "7", "--checksum-every", "3", "--op-rate", "0"
    };

    @TempDir
    Path dataDir;

    @Test
    void everyPendingEditEndsInTheDocumentExactlyOnce() throws Exception {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        int steps = Integer.getInteger("quire.iterations", 400);
        System.out.println("[rebase-simulation] -Dquire.seed=" + seed + " -Dquire.iterations=" + steps);
        Random random = new Random(seed);
        List<OfflineEditor> editors = new ArrayList<>();
        Map<OfflineEditor, Integer> typed = new HashMap<>();
        QuireServer server = ServerFixture.start(dataDir, FLAGS);
        try {
            for (int i = 0; i < 5; i++) {
                OfflineEditor e = new OfflineEditor("sim", "session-sim-" + i + "-" + seed);
                e.connect(server.port());
                editors.add(e);
                typed.put(e, 0);
            }
            for (int step = 0; step < steps; step++) {
                int action = random.nextInt(100);
                int index = random.nextInt(editors.size());
                OfflineEditor e = editors.get(index);
                if (action < 50) {
                    int k = typed.merge(e, 1, Integer::sum);
                    e.insert(boundary(e.text(), random), "<" + index + "." + k + ">");
                } else if (action < 80) {
                    e.pump();
                } else if (action < 92) {
                    if (e.online()) {
                        e.drop();
                    } else {
                        e.connect(server.port());
                    }
                } else if (action < 94) {
                    editors.forEach(OfflineEditor::drop);
                    server.close();
                    server = ServerFixture.start(dataDir, FLAGS);
                } else {
                    Thread.sleep(2);
                }
            }
            for (OfflineEditor e : editors) {
                if (!e.online()) {
                    e.connect(server.port());
                }
            }
            StaleRejoinTest.settle(editors);
            String content = Http.get(server.port(), "/api/docs/sim")
                    .json()
                    .get("content")
                    .asText();
            for (OfflineEditor e : editors) {
                assertEquals(content, e.text(), e.session + " diverged (seed " + seed + ")");
            }
            Map<String, Integer> seen = new HashMap<>();
            Matcher m = TOKEN.matcher(content);
            while (m.find()) {
                seen.merge(m.group(), 1, Integer::sum);
            }
            assertEquals("", TOKEN.matcher(content).replaceAll(""), "only whole tokens (seed " + seed + ")");
            int total = 0;
            for (int i = 0; i < editors.size(); i++) {
                for (int k = 1; k <= typed.get(editors.get(i)); k++) {
                    assertEquals(
                            1,
                            seen.getOrDefault("<" + i + "." + k + ">", 0),
                            "<" + i + "." + k + "> (seed " + seed + ")");
                    total++;
                }
            }
            assertEquals(total, seen.size());
            // Every editor checked the checksums it could (while synchronized): none differed.
            assertEquals(0, server.divergenceReports(), "divergence reports (seed " + seed + ")");
            assertEquals(0, editors.stream().mapToInt(e -> e.divergences).sum(), "divergences (seed " + seed + ")");
        } finally {
            editors.forEach(OfflineEditor::close);
            server.close();
        }
    }

    /** A random place between two tokens (or at either end). */
    private static int boundary(String text, Random random) {
        List<Integer> places = new ArrayList<>();
        places.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '>') {
                places.add(i + 1);
            }
        }
        return places.get(random.nextInt(places.size()));
    }
}
