package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgTest {
    @Test
    void niceCeilingsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(1.0, Svg.niceCeiling(0));
        assertEquals(1.0, Svg.niceCeiling(0.7));
        assertEquals(2.0, Svg.niceCeiling(1.4));
        assertEquals(500.0, Svg.niceCeiling(301));
        assertEquals(1000.0, Svg.niceCeiling(501));
    }

    @Test
    void ticksAreRoundOnLinearAxesAndWholeNinesOnPercentileAxes() {
        assertEquals(List.of(0.0, 2.0, 4.0, 6.0), Svg.xTicks(Svg.XAxis.LINEAR, 0, 7));
        assertEquals(List.of(200.0, 400.0, 600.0, 800.0, 1000.0), Svg.xTicks(Svg.XAxis.LINEAR, 100, 1000));
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0), Svg.xTicks(Svg.XAxis.PERCENTILE, 0, 3.2));
        assertEquals(1.0, Svg.x(Svg.XAxis.PERCENTILE, 90), 1e-9);
        assertEquals(3.0, Svg.x(Svg.XAxis.PERCENTILE, 99.9), 1e-9);
        assertEquals(6.0, Svg.x(Svg.XAxis.PERCENTILE, 100), 1e-9);
    }

    @Test
    void textIsEscaped() {
        String svg = Svg.chart("<b>&", "x", "y", Svg.XAxis.LINEAR, List.of(new Svg.Series("a\"b", List.of())));
        assertTrue(svg.contains("&lt;b&gt;&amp;"), svg);
        assertTrue(svg.contains("a&quot;b"), svg);
    }
}
