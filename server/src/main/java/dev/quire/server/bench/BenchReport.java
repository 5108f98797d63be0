package dev.quire.server.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The self-contained HTML report ({@code --report FILE}): the text report of each run, and plots
 * as inline SVG ({@link Svg}) — latency over time, acked ops per second, latency by percentile;
 * for a sweep, latency and throughput by the number of editors. No script, no network.
 */
final class BenchReport {
    private BenchReport() {}

    static void write(Path file, String html) throws IOException {
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    /** The report of one run or of the scenarios of a file. */
    static String runs(List<BenchJson.Named> results) {
        StringBuilder body = new StringBuilder();
        for (BenchJson.Named n : results) {
            body.append(section(results.size() == 1 ? "Quire load test" : "Scenario " + n.name(), n.result()));
        }
        return page("Quire load test", body.toString());
    }

    /** The report of a sweep. */
    static String sweep(Sweep.Result sweep) {
        List<double[]> p50 = new ArrayList<>();
        List<double[]> p95 = new ArrayList<>();
        List<double[]> p99 = new ArrayList<>();
        List<double[]> bound = new ArrayList<>();
        List<double[]> ops = new ArrayList<>();
        for (Sweep.Step s : sweep.steps()) {
            Latencies.Summary r = s.result().window().remote().summary();
            p50.add(new double[] {s.editors(), r.p50() / 1e6});
            p95.add(new double[] {s.editors(), r.p95() / 1e6});
            p99.add(new double[] {s.editors(), r.p99() / 1e6});
            bound.add(new double[] {s.editors(), sweep.plan().p99Bound().toMillis()});
            ops.add(new double[] {s.editors(), s.result().window().ackedPerSecond()});
        }
        StringBuilder body = new StringBuilder("<h1>Quire load test: sweep</h1>");
        body.append("<pre>").append(Svg.esc(sweep.format())).append("</pre>");
        body.append(Svg.chart(
                "Remote receipt by editors on one document",
                "editors",
                "ms",
                Svg.XAxis.LINEAR,
                List.of(
                        new Svg.Series("p50", p50),
                        new Svg.Series("p95", p95),
                        new Svg.Series("p99", p99),
                        new Svg.Series("bound", bound))));
        body.append(Svg.chart(
                "Acked ops per second by editors",
                "editors",
                "ops/s",
                Svg.XAxis.LINEAR,
                List.of(new Svg.Series("acked ops/s", ops))));
        for (Sweep.Step s : sweep.steps()) {
            body.append(section("Step: " + s.editors() + " editors", s.result()));
        }
        return page("Quire load test: sweep", body.toString());
    }

    private static String section(String title, BenchResult r) {
        List<double[]> remoteP50 = new ArrayList<>();
        List<double[]> remoteP99 = new ArrayList<>();
        List<double[]> ackP99 = new ArrayList<>();
        List<double[]> acked = new ArrayList<>();
        for (Timeline.Second s : r.window().timeline().seconds()) {
            Latencies.Summary remote = s.remote().summary();
            remoteP50.add(new double[] {s.index(), remote.p50() / 1e6});
            remoteP99.add(new double[] {s.index(), remote.p99() / 1e6});
            ackP99.add(new double[] {s.index(), s.ack().summary().p99() / 1e6});
            acked.add(new double[] {s.index(), s.acked()});
        }
        StringBuilder b =
                new StringBuilder("<section><h2>").append(Svg.esc(title)).append("</h2>");
        b.append("<pre>").append(Svg.esc(r.format())).append("</pre>");
        b.append(Svg.chart(
                "Latency over time (by send second)",
                "second of the measured window",
                "ms",
                Svg.XAxis.LINEAR,
                List.of(
                        new Svg.Series("remote p50", remoteP50),
                        new Svg.Series("remote p99", remoteP99),
                        new Svg.Series("ack p99", ackP99))));
        b.append(Svg.chart(
                "Acked ops per second",
                "second of the measured window",
                "ops",
                Svg.XAxis.LINEAR,
                List.of(new Svg.Series("acked", acked))));
        b.append(Svg.chart(
                "Latency by percentile",
                "percentile",
                "ms",
                Svg.XAxis.PERCENTILE,
                List.of(
                        new Svg.Series("remote receipt", curve(r.window().remote())),
                        new Svg.Series("submit→ack", curve(r.window().ack())))));
        return b.append("</section>").toString();
    }

    private static List<double[]> curve(Latencies l) {
        List<double[]> points = new ArrayList<>();
        for (Latencies.Point p : l.percentiles(BenchJson.PERCENTILE_TICKS)) {
            points.add(new double[] {p.percentile(), p.nanos() / 1e6});
        }
        return points;
    }

    private static String page(String title, String body) {
        return String.format(
                Locale.ROOT,
                "<!doctype html>%n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title>"
                        + "<style>body{font-family:sans-serif;margin:24px;max-width:820px;color:#222}"
                        + "pre{background:#f6f6f6;padding:8px;overflow-x:auto;font-size:12px}"
                        + "svg{display:block;margin:12px 0}</style></head><body>%s</body></html>%n",
                Svg.esc(title),
                body);
    }
}
