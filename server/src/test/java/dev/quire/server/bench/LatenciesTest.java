package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {
    @Test
    void smallValuesAreExact() {
        Latencies l = new Latencies();
        for (int v = 100; v >= 1; v--) {
            l.add(v);
        }
        assertEquals(new Latencies.Summary(100, 50, 95, 99, 100), l.summary());
    }

    @Test
    void largeValuesAreWithinAThousandth() {
        Latencies l = new Latencies();
        for (int v = 1; v <= 1000; v++) {
            l.add(v * 1000L);
        }
        Latencies.Summary s = l.summary();
        assertEquals(1000, s.count());
        assertWithin(500_000, s.p50());
        assertWithin(950_000, s.p95());
        assertWithin(990_000, s.p99());
        assertWithin(1_000_000, s.max());
    }

    private static void assertWithin(long exact, long reported) {
        assertTrue(reported >= exact && reported <= exact + exact / 1000, exact + " reported as " + reported);
    }

    @Test
    void oneOutlierInAHundredIsTheMaxNotTheP99() {
        Latencies l = new Latencies();
        for (int i = 0; i < 99; i++) {
            l.add(1);
        }
        l.add(1_000);
        assertEquals(new Latencies.Summary(100, 1, 1, 1, 1_000), l.summary());
    }

    @Test
    void emptyAndMerged() {
        Latencies a = new Latencies();
        assertEquals(new Latencies.Summary(0, 0, 0, 0, 0), a.summary());
        assertEquals(List.of(), a.percentiles(5));
        Latencies b = new Latencies();
        b.add(5);
        b.add(3);
        a.addAll(b);
        a.add(4);
        assertEquals(new Latencies.Summary(3, 4, 5, 5, 5), a.summary());
    }

    @Test
    void thePercentileCurveEndsAtTheMax() {
        Latencies l = new Latencies();
        for (int v = 1; v <= 100; v++) {
            l.add(v);
        }
        List<Latencies.Point> curve = l.percentiles(1);
        assertEquals(new Latencies.Point(0.0, 1), curve.get(0));
        assertEquals(100.0, curve.get(curve.size() - 1).percentile());
        assertEquals(100, curve.get(curve.size() - 1).nanos());
    }

    @Test
    void negativeSamplesCountAsZero() {
        Latencies l = new Latencies();
        l.add(-5);
        assertEquals(new Latencies.Summary(1, 0, 0, 0, 0), l.summary());
    }
}
