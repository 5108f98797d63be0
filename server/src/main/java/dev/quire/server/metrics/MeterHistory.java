package dev.quire.server.metrics;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The last minutes of the meters, for the admin page: every {@value #PERIOD_SECONDS} s a sample of
 * the committed-op counter and of the commit and broadcast timers, of which each interval's ops/s,
 * mean latency and 99th-percentile bucket are drawn (the same meters {@code /metrics} shows).
 * Keeps {@value #SAMPLES} intervals. Thread-safe.
 */
public final class MeterHistory implements AutoCloseable {
    static final int PERIOD_SECONDS = 5;
    static final int SAMPLES = 60;

    /** One interval: its end (epoch ms), ops/s, and per latency its mean and p99 bucket in ms (-1: no op). */
    public record Interval(
            long endMillis,
            double opsPerSecond,
            double commitMeanMs,
            double commitP99Ms,
            double broadcastMeanMs,
            double broadcastP99Ms) {}

    private record Sample(long millis, double committed, HistogramSnapshot commit, HistogramSnapshot broadcast) {}

    private final Meters meters;
    private final ScheduledExecutorService timer;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    public MeterHistory(Meters meters) {
        this.meters = meters;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quire-meter-history");
            t.setDaemon(true);
            return t;
        });
        sample();
        timer.scheduleAtFixedRate(this::sample, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    private void sample() {
        Sample s = new Sample(
                System.currentTimeMillis(),
                meters.committedCounter().count(),
                meters.commitTimer().takeSnapshot(),
                meters.broadcastTimer().takeSnapshot());
        synchronized (samples) {
            samples.addLast(s);
            while (samples.size() > SAMPLES + 1) {
                samples.removeFirst();
            }
        }
    }

    /** The intervals sampled so far, oldest first. */
    public List<Interval> intervals() {
        List<Sample> copy;
        synchronized (samples) {
            copy = new ArrayList<>(samples);
        }
        List<Interval> out = new ArrayList<>();
        for (int i = 1; i < copy.size(); i++) {
            Sample a = copy.get(i - 1);
            Sample b = copy.get(i);
            double seconds = Math.max(0.001, (b.millis() - a.millis()) / 1000.0);
            out.add(new Interval(
                    b.millis(),
                    (b.committed() - a.committed()) / seconds,
                    mean(a.commit(), b.commit()),
                    p99(a.commit(), b.commit()),
                    mean(a.broadcast(), b.broadcast()),
                    p99(a.broadcast(), b.broadcast())));
        }
        return out;
    }

    private static double mean(HistogramSnapshot a, HistogramSnapshot b) {
        long n = b.count() - a.count();
        return n <= 0 ? -1 : (b.total(TimeUnit.MILLISECONDS) - a.total(TimeUnit.MILLISECONDS)) / n;
    }

    /** The upper bound (ms) of the bucket holding the interval's 99th percentile; -1 without ops. */
    private static double p99(HistogramSnapshot a, HistogramSnapshot b) {
        long n = b.count() - a.count();
        if (n <= 0) {
            return -1;
        }
        CountAtBucket[] before = a.histogramCounts();
        CountAtBucket[] after = b.histogramCounts();
        for (int i = 0; i < after.length && i < before.length; i++) {
            if (after[i].count() - before[i].count() >= 0.99 * n) {
                return after[i].bucket(TimeUnit.MILLISECONDS);
            }
        }
        return b.max(TimeUnit.MILLISECONDS); // beyond the last bucket: the timer's recent maximum
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
