package dev.quire.server.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Latency samples in nanoseconds, kept in an HdrHistogram with three significant digits: memory
 * is constant whatever the number of samples, and a percentile is within 0.1 % of the exact
 * nearest-rank value (values below 2,048 ns are exact). Percentiles follow HdrHistogram's
 * definition: the smallest recorded value (rounded up to its bucket's highest equivalent) that
 * at least that percentage of the samples does not exceed.
 *
 * <p>Not thread-safe: one owner adds, then summarises.
 */
final class Latencies {
    private final Histogram histogram = new Histogram(3);

    void add(long nanos) {
        histogram.recordValue(Math.max(0, nanos));
    }

    void addAll(Latencies other) {
        histogram.add(other.histogram);
    }

    long size() {
        return histogram.getTotalCount();
    }

    /** p50, p95, p99 and max (nanoseconds) of the samples so far; count 0 when there are none. */
    Summary summary() {
        if (histogram.getTotalCount() == 0) {
            return new Summary(0, 0, 0, 0, 0);
        }
        return new Summary(
                histogram.getTotalCount(),
                histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(95),
                histogram.getValueAtPercentile(99),
                histogram.getMaxValue());
    }

    /**
     * The percentile curve for a plot: the latency at each percentile step as HdrHistogram reports
     * it ({@code ticksPerHalfDistance} steps per halving of the distance to 100 %), up to 100 %.
     */
    List<Point> percentiles(int ticksPerHalfDistance) {
        List<Point> points = new ArrayList<>();
        if (histogram.getTotalCount() == 0) {
            return points;
        }
        for (HistogramIterationValue v : histogram.percentiles(ticksPerHalfDistance)) {
            points.add(new Point(v.getPercentileLevelIteratedTo(), v.getValueIteratedTo()));
        }
        return points;
    }

    /** A point of the percentile curve: {@code percentile} in 0..100, {@code nanos}. */
    record Point(double percentile, long nanos) {}

    /** Count and p50/p95/p99/max in nanoseconds. */
    record Summary(long count, long p50, long p95, long p99, long max) {
        String format() {
            if (count == 0) {
                return "n/a (no samples)";
            }
            return String.format(
                    Locale.ROOT,
                    "p50 %.3f ms  p95 %.3f ms  p99 %.3f ms  max %.3f ms  (n=%d)",
                    p50 / 1e6,
                    p95 / 1e6,
                    p99 / 1e6,
                    max / 1e6,
                    count);
        }
    }
}
