package dev.quire.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.server.storage.h2.H2DocumentStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep of {@code --history-retention} over every document of a real H2 store (decision 029). */
class CompactionSweepTest {
    private static final Instant T0 = Instant.parse("2026-11-22T06:50:00Z");

    @TempDir
    Path dataDir;

    @Test
    void foldsEveryDocumentOlderThanTheRetentionAcrossListPages() throws Exception {
        try (H2DocumentStore store = new H2DocumentStore(dataDir)) {
            // 1,002 documents: the sweep reads the list in pages of 1,000.
            for (int d = 0; d < 1002; d++) {
                String id = "doc-" + d;
                for (int v = 1; v <= 3; v++) {
                    store.append(
                            new OpRecord(
                                    id, v, "[" + (v - 1) + ",\"x\"]", v - 1, v, "", 0, "", "Ada", T0.plusSeconds(v)),
                            v);
                }
                store.saveSnapshot(new Snapshot(id, 2, "xx"));
            }
            store.create("fresh", T0).get(10, TimeUnit.SECONDS);
            // Op 2 was made at T0 + 2 s: a retention of 1 h folds it when the clock reads T0 + 1 h + 3 s.
            Clock early = Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC);
            assertEquals(
                    new CompactionSweep.Result(0, 0),
                    CompactionSweep.manual(store, Duration.ofHours(1), early).sweep());
            Clock later = Clock.fixed(T0.plus(Duration.ofHours(1)).plusSeconds(3), ZoneOffset.UTC);
            CompactionSweep sweep = CompactionSweep.manual(store, Duration.ofHours(1), later);
            assertEquals(new CompactionSweep.Result(1002, 1002), sweep.sweep());
            assertEquals(new CompactionSweep.Result(0, 0), sweep.sweep());
            assertEquals(
                    List.of(2, 3),
                    store.ops("doc-1001", 1, 4).stream().map(OpRecord::version).toList());
        }
    }

    @Test
    void sweepsEveryQuarterOfTheRetentionBetweenASecondAndAnHour() {
        assertEquals(Duration.ofSeconds(1), CompactionSweep.interval(Duration.ofSeconds(1)));
        assertEquals(Duration.ofMinutes(15), CompactionSweep.interval(Duration.ofHours(1)));
        assertEquals(Duration.ofHours(1), CompactionSweep.interval(Duration.ofDays(90)));
    }
}
