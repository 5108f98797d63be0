package dev.quire.server.bench;

import java.util.List;
import java.util.Locale;

/**
 * Line charts as inline SVG for the HTML report: no script and no network, so the report opens
 * anywhere and passes any content security policy. The x axis is linear, or a percentile axis
 * spaced by the number of nines (0 %, 90 %, 99 %, 99.9 %, …) as HdrHistogram's plots are.
 */
final class Svg {
    static final int WIDTH = 760;
    static final int HEIGHT = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 150;
    private static final int TOP = 28;
    private static final int BOTTOM = 44;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

    private Svg() {}

    /** A named line of points. */
    record Series(String name, List<double[]> points) {}

    /** How x values are placed. */
    enum XAxis {
        LINEAR,
        /** x is a percentile in 0..100, placed at log10(1 / (1 - p/100)), at most 6 nines. */
        PERCENTILE
    }

    static String chart(String title, String xLabel, String yLabel, XAxis axis, List<Series> series) {
        double maxX = 0;
        double minX = Double.MAX_VALUE;
        double maxY = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                maxX = Math.max(maxX, x(axis, p[0]));
                minX = Math.min(minX, x(axis, p[0]));
                maxY = Math.max(maxY, p[1]);
            }
        }
        if (minX == Double.MAX_VALUE) {
            minX = 0;
        }
        if (maxX <= minX) {
            maxX = minX + 1;
        }
        maxY = niceCeiling(maxY);
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"%s\" width=\"%d\" height=\"%d\""
                        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">",
                esc(title),
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        b.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>",
                LEFT,
                esc(title)));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        b.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                LEFT,
                TOP,
                plotW,
                plotH));
        for (int i = 0; i <= 4; i++) {
            double v = maxY * i / 4;
            double y = TOP + plotH - plotH * i / 4.0;
            b.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    LEFT,
                    LEFT + plotW,
                    y,
                    y,
                    LEFT - 6,
                    y + 4,
                    label(v)));
        }
        for (double xv : xTicks(axis, minX, maxX)) {
            double xp = LEFT + plotW * (xv - minX) / (maxX - minX);
            b.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    xp,
                    TOP + plotH + 16,
                    axis == XAxis.PERCENTILE ? percentileLabel(xv) : label(xv)));
        }
        b.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                LEFT + plotW / 2,
                HEIGHT - 8,
                esc(xLabel)));
        b.append(String.format(
                Locale.ROOT,
                "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>",
                TOP + plotH / 2,
                TOP + plotH / 2,
                esc(yLabel)));
        for (int s = 0; s < series.size(); s++) {
            String colour = COLOURS[s % COLOURS.length];
            StringBuilder pts = new StringBuilder();
            for (double[] p : series.get(s).points()) {
                double xp = LEFT + plotW * (x(axis, p[0]) - minX) / (maxX - minX);
                double yp = TOP + plotH - plotH * (maxY == 0 ? 0 : p[1] / maxY);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", xp, yp));
            }
            b.append(String.format(
                    Locale.ROOT,
                    "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>",
                    colour,
                    pts.toString().trim()));
            int ly = TOP + 14 + 18 * s;
            b.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>"
                            + "<text x=\"%d\" y=\"%d\">%s</text>",
                    LEFT + plotW + 10,
                    LEFT + plotW + 30,
                    ly - 4,
                    ly - 4,
                    colour,
                    LEFT + plotW + 36,
                    ly,
                    esc(series.get(s).name())));
        }
        return b.append("</svg>").toString();
    }

    /** Whole nines on a percentile axis; 1, 2 or 5 × 10^k steps (about five) on a linear one. */
    static List<Double> xTicks(XAxis axis, double min, double max) {
        List<Double> ticks = new java.util.ArrayList<>();
        double step = axis == XAxis.PERCENTILE ? 1 : niceCeiling((max - min) / 5);
        for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
            ticks.add(t);
        }
        return ticks;
    }

    static double x(XAxis axis, double v) {
        if (axis == XAxis.LINEAR) {
            return v;
        }
        double rest = Math.max(1e-6, 1 - v / 100);
        return Math.log10(1 / rest);
    }

    private static String percentileLabel(double nines) {
        double p = 100 * (1 - Math.pow(10, -nines));
        return String.format(Locale.ROOT, p >= 99.99 ? "%.3f%%" : p >= 99 ? "%.2f%%" : "%.0f%%", p);
    }

    /** The smallest 1, 2 or 5 × 10^k at or above {@code v} (1 for 0). */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= v) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
