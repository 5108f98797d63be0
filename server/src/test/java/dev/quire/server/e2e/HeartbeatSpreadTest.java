package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heartbeat pings each connection once per ping interval, but not every connection at once
 * (decision 047): real sockets record when each ping arrives.
 */
class HeartbeatSpreadTest {
    private static final int CLIENTS = 40;

    @TempDir
    Path dataDir;

    @Test
    void everyConnectionIsPingedEachIntervalInItsOwnSliceOfIt() throws Exception {
        // A 3.2 s interval: sixteen slices of 200 ms.
        try (QuireServer server = ServerFixture.start(
                dataDir, "--ping-interval", "3200ms", "--peer-timeout", "60s", "--join-timeout", "60s")) {
            List<WsClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(WsClient.connect(server.port()));
                }
                long after = System.nanoTime(); // every socket is open: the next round pings them all
                await().atMost(Duration.ofSeconds(60)).until(() -> clients.stream()
                        .allMatch(c -> pingsAfter(c, after).size() >= 2));
                List<Long> round = new ArrayList<>();
                for (WsClient c : clients) {
                    List<Long> next = pingsAfter(c, after);
                    // One ping per interval: about 3.2 s apart.
                    long apart = TimeUnit.NANOSECONDS.toMillis(next.get(1) - next.get(0));
                    assertTrue(apart >= 1_600, "pings " + apart + " ms apart");
                    round.add(next.get(0));
                }
                // Every connection pinged at once would put the round's 40 pings within a few ms
                // of each other; in sixteen slices of 200 ms they span most of the interval.
                long span = TimeUnit.NANOSECONDS.toMillis(Collections.max(round) - Collections.min(round));
                assertTrue(span >= 1_600, "one round of pings spans " + span + " ms");
                assertEquals(CLIENTS, server.connectionCount());
            } finally {
                for (WsClient c : clients) {
                    c.close();
                }
            }
        }
    }

    private static List<Long> pingsAfter(WsClient c, long after) {
        return c.pings.stream().filter(t -> t > after).toList();
    }
}
