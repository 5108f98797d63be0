package dev.quire.server.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latency samples in nanoseconds and their exact percentiles. Samples are kept in a growable
 * array (a 30 s run of the largest scenario holds a few million, a few tens of MB), sorted once
 * when {@link #summary()} is called; percentiles use the nearest-rank definition: the p-th
 * percentile of n sorted samples is the sample at rank {@code ceil(p / 100 * n)} (1-based).
 *
 * <p>Not thread-safe: one owner adds, then summarises.
 */
final class Latencies {
    private long[] samples = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.samples[i]);
        }
    }

    int size() {
        return size;
    }

    /** p50, p99 and max (nanoseconds) of the samples so far; count 0 when there are none. */
    Summary summary() {
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new Summary(0, 0, 0, 0);
        }
        return new Summary(sorted.length, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile {@code p} (0 < p <= 100) of a sorted, non-empty array. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("percentile: expected samples, found none");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile: expected 0 < p <= 100, found " + p);
        }
        long rank = (long) Math.ceil(p / 100.0 * sorted.length);
        return sorted[(int) Math.max(1, rank) - 1];
    }

    /** Count and p50/p99/max in nanoseconds. */
    record Summary(int count, long p50, long p99, long max) {
        String format() {
            if (count == 0) {
                return "n/a (no samples)";
            }
            return String.format(
                    Locale.ROOT,
                    "p50 %.3f ms  p99 %.3f ms  max %.3f ms  (n=%d)",
                    p50 / 1e6,
                    p99 / 1e6,
                    max / 1e6,
                    count);
        }
    }
}
