package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatenciesTest {
    @Test
    void nearestRankPercentilesOfOneToHundred() {
        Latencies l = new Latencies();
        for (int v = 100; v >= 1; v--) {
            l.add(v);
        }
        assertEquals(new Latencies.Summary(100, 50, 99, 100), l.summary());
    }

    @Test
    void nearestRankPercentilesOfOneToThousandAfterGrowing() {
        Latencies l = new Latencies();
        for (int v = 1; v <= 1000; v++) {
            l.add(v * 1000L);
        }
        assertEquals(new Latencies.Summary(1000, 500_000, 990_000, 1_000_000), l.summary());
    }

    @Test
    void smallSamplesRoundTheRankUp() {
        long[] sorted = {10, 20, 30};
        assertEquals(20, Latencies.percentile(sorted, 50));
        assertEquals(30, Latencies.percentile(sorted, 99));
        assertEquals(10, Latencies.percentile(sorted, 1));
        assertEquals(10, Latencies.percentile(new long[] {10, 20}, 50));
        assertEquals(7, Latencies.percentile(new long[] {7}, 99));
    }

    @Test
    void oneOutlierInAHundredIsTheMaxNotTheP99() {
        Latencies l = new Latencies();
        for (int i = 0; i < 99; i++) {
            l.add(1);
        }
        l.add(1_000);
        assertEquals(new Latencies.Summary(100, 1, 1, 1_000), l.summary());
    }

    @Test
    void emptyAndMerged() {
        Latencies a = new Latencies();
        assertEquals(new Latencies.Summary(0, 0, 0, 0), a.summary());
        Latencies b = new Latencies();
        b.add(5);
        b.add(3);
        a.addAll(b);
        a.add(4);
        assertEquals(new Latencies.Summary(3, 4, 5, 5), a.summary());
    }

    @Test
    void refusesPercentilesOutsideTheRange() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Latencies.percentile(new long[] {1}, 0));
        assertEquals("percentile: expected 0 < p <= 100, found 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Latencies.percentile(new long[0], 50));
        assertEquals("percentile: expected samples, found none", e.getMessage());
    }
}
