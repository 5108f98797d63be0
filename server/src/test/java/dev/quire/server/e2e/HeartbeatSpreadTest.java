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
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> clients.stream().allMatch(c -> c.pings.size() >= 3));
                List<Long> second = new ArrayList<>();
                for (WsClient c : clients) {
                    // One ping per interval, each in the same slice: about 3.2 s apart.
                    long apart = TimeUnit.NANOSECONDS.toMillis(c.pings.get(2) - c.pings.get(1));
                    assertTrue(apart >= 1_600, "pings " + apart + " ms apart");
                    second.add(c.pings.get(1));
                }
                // Every connection pinged at once would put all 40 second pings within a few ms
                // of each other; in sixteen slices, a 100 ms span holds a few of them.
                Collections.sort(second);
                int most = 0;
                for (int i = 0, j = 0; i < second.size(); i++) {
                    while (second.get(i) - second.get(j) > TimeUnit.MILLISECONDS.toNanos(100)) {
                        j++;
                    }
                    most = Math.max(most, i - j + 1);
                }
                assertTrue(most <= CLIENTS / 2, most + " of " + CLIENTS + " pings within 100 ms");
                assertEquals(CLIENTS, server.connectionCount());
            } finally {
                for (WsClient c : clients) {
                    c.close();
                }
            }
        }
    }
}
