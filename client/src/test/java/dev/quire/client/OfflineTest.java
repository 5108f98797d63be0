package dev.quire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client whose network drops keeps editing offline and catches up when it is back. */
class OfflineTest {
    @TempDir
    Path dataDir;

    @Test
    void aClientOfflineForAWhileCatchesUpAndItsEditsApplyOnce() throws Exception {
        try (TestServer server = TestServer.start(dataDir);
                TcpProxy network = new TcpProxy(server.port());
                QuireClient a = QuireClient.builder()
                        .uri("ws://127.0.0.1:" + network.port() + "/ws")
                        .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(200))
                        .build();
                QuireClient b = QuireClient.builder().uri(server.ws()).build()) {
            DocumentHandle da = a.join("offline", new DocumentListener() {}).get(10, TimeUnit.SECONDS);
            DocumentHandle db = b.join("offline", new DocumentListener() {}).get(10, TimeUnit.SECONDS);
            List<String> lines = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                lines.add("a" + i);
                Appends.line(da, "a" + i).get(10, TimeUnit.SECONDS);
            }
            // One edit in flight when the network goes: its ack may or may not be lost.
            lines.add("in-flight");
            CompletableFuture<Integer> inFlight = Appends.line(da, "in-flight");
            network.cut();
            await().atMost(Duration.ofSeconds(30)).until(() -> !da.isJoined());
            List<CompletableFuture<Integer>> offline = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                lines.add("offline" + i);
                offline.add(Appends.line(da, "offline" + i));
            }
            for (int i = 1; i <= 20; i++) {
                lines.add("b" + i);
                Appends.line(db, "b" + i).get(10, TimeUnit.SECONDS);
            }
            Thread.sleep(500); // offline for a while: several reconnects are refused
            assertFalse(da.isJoined());
            assertEquals(true, da.pending() >= 5, "edits wait offline: " + da.pending());

            network.restore();
            inFlight.get(20, TimeUnit.SECONDS);
            for (CompletableFuture<Integer> f : offline) {
                f.get(20, TimeUnit.SECONDS);
            }
            int version = db.synced().get(10, TimeUnit.SECONDS);
            TestServer.Rest.Doc rest = TestServer.document(server.port(), "offline");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> da.version() == rest.version() && db.version() == rest.version());
            assertEquals(rest.content(), da.text());
            assertEquals(rest.content(), db.text());
            Appends.eachOnce(rest.content(), lines);
            assertEquals(lines.size() + 1, rest.content().split("\n", -1).length);
            Appends.logIsExactlyOnce(server.port(), "offline", rest.content());
            assertEquals(true, version <= rest.version());
        }
    }
}
