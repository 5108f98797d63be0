package dev.quire.server.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The presence palette (decision 041): every colour carries white initials at WCAG AA (4.5:1, the
 * rule axe-core's {@code color-contrast} checks), and no two colours come close to each other.
 */
class PresenceColoursPaletteTest {
    @Test
    void everyColourHasAtLeastFourAndAHalfToOneAgainstWhite() {
        List<String> ratios = new ArrayList<>();
        for (String colour : PresenceColours.PALETTE) {
            double ratio = contrastWithWhite(colour);
            assertTrue(ratio >= 4.5, colour + " against white: " + ratio);
            ratios.add(String.format("%.2f", ratio));
        }
        assertEquals(
                List.of(
                        "4.56", "4.61", "5.23", "4.62", "6.89", "4.61", "4.62", "7.82", "7.33", "10.95", "4.62",
                        "16.71"),
                ratios);
    }

    @Test
    void twelveColoursNoTwoCloserThanATenthInOklab() {
        List<String> palette = PresenceColours.PALETTE;
        assertEquals(12, palette.size());
        double closest = Double.MAX_VALUE;
        String pair = "";
        for (int i = 0; i < palette.size(); i++) {
            for (int j = i + 1; j < palette.size(); j++) {
                double d = oklabDistance(palette.get(i), palette.get(j));
                if (d < closest) {
                    closest = d;
                    pair = palette.get(i) + " " + palette.get(j);
                }
            }
        }
        // The palette before the contrast fix was 0.095 apart at its closest; this one is 0.102.
        assertEquals("0.102 #e6194b #cb4b00", String.format("%.3f %s", closest, pair));
    }

    /** WCAG 2 contrast ratio of {@code colour} ({@code #rrggbb}) with white. */
    private static double contrastWithWhite(String colour) {
        double[] c = linear(colour);
        double luminance = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        return 1.05 / (luminance + 0.05);
    }

    /** Euclidean distance in Björn Ottosson's Oklab (about 0.02 is the least difference one can see). */
    private static double oklabDistance(String a, String b) {
        double[] x = oklab(linear(a));
        double[] y = oklab(linear(b));
        return Math.sqrt(Math.pow(x[0] - y[0], 2) + Math.pow(x[1] - y[1], 2) + Math.pow(x[2] - y[2], 2));
    }

    private static double[] oklab(double[] rgb) {
        double l = Math.cbrt(0.4122214708 * rgb[0] + 0.5363325363 * rgb[1] + 0.0514459929 * rgb[2]);
        double m = Math.cbrt(0.2119034982 * rgb[0] + 0.6806995451 * rgb[1] + 0.1073969566 * rgb[2]);
        double s = Math.cbrt(0.0883024619 * rgb[0] + 0.2817188376 * rgb[1] + 0.6299787005 * rgb[2]);
        return new double[] {
            0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
            1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
            0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s
        };
    }

    /** The sRGB channels of {@code #rrggbb}, linearised (IEC 61966-2-1). */
    private static double[] linear(String colour) {
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            double c = Integer.parseInt(colour.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            out[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
        return out;
    }
}
