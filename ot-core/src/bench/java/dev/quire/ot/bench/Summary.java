package dev.quire.ot.bench;

import dev.quire.ot.testing.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Summarises a JMH JSON result file ({@code -rf json}) as the Markdown tables of
 * docs/performance.md: per benchmark, the median of every measurement iteration of every fork,
 * with the quartiles and the extremes as the spread; edits/s for trace replays; and the ratio of
 * the StringBuilder baseline's median to ServerDocument's, trace by trace.
 *
 * <pre>java -cp ot-core/target/test-classes dev.quire.ot.bench.Summary ot-core/target/jmh-result.json</pre>
 */
public final class Summary {
    /** Patches per trace (shared/traces/README.md). */
    static final Map<String, Integer> PATCHES = Map.of(
            "automerge-paper",
            259_778,
            "seph-blog1",
            137_993,
            "rustcode",
            40_173,
            "sveltecomponent",
            19_749,
            "friendsforever_flat",
            26_078,
            "clownschool_flat",
            23_182);

    private Summary() {}

    record Row(
            String benchmark,
            String trace,
            String unit,
            double median,
            double p25,
            double p75,
            double min,
            double max,
            int n) {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws IOException {
        String text =
                Files.readString(Path.of(args.length > 0 ? args[0] : "target/jmh-result.json"), StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        for (Object o : (List<Object>) Json.parse(text)) {
            Map<String, Object> result = (Map<String, Object>) o;
            String name = ((String) result.get("benchmark")).replace("dev.quire.ot.bench.", "");
            Map<String, Object> params = (Map<String, Object>) result.getOrDefault("params", Map.of());
            Map<String, Object> primary = (Map<String, Object>) result.get("primaryMetric");
            List<Double> scores = new ArrayList<>();
            for (Object fork : (List<Object>) primary.get("rawData")) {
                for (Object score : (List<Object>) fork) {
                    scores.add(((Number) score).doubleValue());
                }
            }
            Collections.sort(scores);
            rows.add(new Row(
                    name,
                    (String) params.getOrDefault("trace", ""),
                    (String) primary.get("scoreUnit"),
                    quantile(scores, 0.5),
                    quantile(scores, 0.25),
                    quantile(scores, 0.75),
                    scores.get(0),
                    scores.get(scores.size() - 1),
                    scores.size()));
        }
        System.out.println("| benchmark | trace | median | p25 – p75 | min – max | n | unit | edits/s (median) |");
        System.out.println("|---|---|---:|---:|---:|---:|---|---:|");
        Map<String, Row> server = new LinkedHashMap<>();
        Map<String, Row> baseline = new LinkedHashMap<>();
        for (Row r : rows) {
            String editsPerSecond = "";
            if (r.unit().equals("ms/op") && PATCHES.containsKey(r.trace())) {
                editsPerSecond = String.format(Locale.ROOT, "%,.0f", PATCHES.get(r.trace()) / r.median() * 1000);
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s – %s | %s – %s | %d | %s | %s |%n",
                    r.benchmark(),
                    r.trace(),
                    fmt(r.median()),
                    fmt(r.p25()),
                    fmt(r.p75()),
                    fmt(r.min()),
                    fmt(r.max()),
                    r.n(),
                    r.unit(),
                    editsPerSecond);
            if (r.benchmark().endsWith(".serverDocument")) {
                server.put(r.trace(), r);
            } else if (r.benchmark().endsWith(".stringBuilder")) {
                baseline.put(r.trace(), r);
            }
        }
        if (!server.isEmpty()) {
            System.out.println();
            System.out.println(
                    "| trace | ServerDocument median | StringBuilder median | StringBuilder / ServerDocument |");
            System.out.println("|---|---:|---:|---:|");
            for (Map.Entry<String, Row> e : server.entrySet()) {
                Row b = baseline.get(e.getKey());
                if (b != null) {
                    System.out.printf(
                            Locale.ROOT,
                            "| %s | %s ms | %s ms | %.1f× |%n",
                            e.getKey(),
                            fmt(e.getValue().median()),
                            fmt(b.median()),
                            b.median() / e.getValue().median());
                }
            }
        }
    }

    static double quantile(List<Double> sorted, double q) {
        double position = q * (sorted.size() - 1);
        int low = (int) Math.floor(position);
        int high = (int) Math.ceil(position);
        return sorted.get(low) + (sorted.get(high) - sorted.get(low)) * (position - low);
    }

    static String fmt(double value) {
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
