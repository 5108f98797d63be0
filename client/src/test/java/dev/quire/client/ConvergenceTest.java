package dev.quire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVM clients edit one document at once, against the real server. */
class ConvergenceTest {
    @TempDir
    Path dataDir;

    @Test
    void twoClientsConvergeOnRandomConcurrentEditsWithEmoji() throws Exception {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        System.out.println("[convergence] seed " + seed);
        try (TestServer server = TestServer.start(dataDir);
                QuireClient a =
                        QuireClient.builder().uri(server.ws()).userName("A").build();
                QuireClient b =
                        QuireClient.builder().uri(server.ws()).userName("B").build()) {
            DocumentHandle da = a.join("conv", new DocumentListener() {}).get(10, TimeUnit.SECONDS);
            DocumentHandle db = b.join("conv", new DocumentListener() {}).get(10, TimeUnit.SECONDS);
            List<Thread> editors = new ArrayList<>();
            List<CompletableFuture<Integer>> edits = new ArrayList<>();
            for (DocumentHandle doc : List.of(da, db)) {
                Random mine = new Random(seed ^ (doc == da ? 1 : 2));
                Thread t = new Thread(() -> {
                    for (int i = 0; i < 300; i++) {
                        CompletableFuture<Integer> f = doc.edit(text -> RandomEdits.next(text, mine));
                        synchronized (edits) {
                            edits.add(f);
                        }
                        if (mine.nextInt(4) == 0) {
                            sleep(mine.nextInt(5));
                        }
                    }
                });
                editors.add(t);
                t.start();
            }
            for (Thread t : editors) {
                t.join();
            }
            for (CompletableFuture<Integer> f : edits) {
                assertTrue(f.get(30, TimeUnit.SECONDS) >= 1);
            }
            da.synced().get(30, TimeUnit.SECONDS);
            db.synced().get(30, TimeUnit.SECONDS);
            TestServer.Rest.Doc rest = TestServer.document(server.port(), "conv");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> da.version() == rest.version() && db.version() == rest.version());
            assertEquals(rest.content(), da.text());
            assertEquals(rest.content(), db.text());
            assertEquals(0, da.pending());
            assertEquals(0, db.pending());
            assertTrue(rest.content().codePoints().anyMatch(c -> c > 0xFFFF), "some emoji survived: " + rest);
            Appends.logIsExactlyOnce(server.port(), "conv", rest.content());
        }
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
