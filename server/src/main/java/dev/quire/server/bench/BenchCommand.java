package dev.quire.server.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What one {@code bench} command does, around the options of a run ({@link BenchOptions}): one
 * run, the scenarios of a file ({@code --scenarios FILE}), or a sweep of the editors on one
 * document ({@code --sweep}); where the results go ({@code --json FILE}, {@code --report FILE})
 * and whether a progress line is printed each second.
 *
 * @param base      the options every run starts from (the command line without these flags)
 * @param json      write the results as JSON to this file
 * @param report    write a self-contained HTML report with plots to this file
 * @param progress  print a line per second on standard error (off with {@code --no-progress})
 * @param scenarios the scenarios of {@code --scenarios FILE}, in order; empty for one run
 * @param sweep     {@code --sweep}: the editor counts to step through and the latency bound
 */
record BenchCommand(
        BenchOptions base,
        Optional<Path> json,
        Optional<Path> report,
        boolean progress,
        List<Scenario> scenarios,
        Optional<SweepPlan> sweep) {

    static final String USAGE = String.join(
            "\n",
            "  --json FILE     also write the results as JSON (fields in docs/performance.md)",
            "  --report FILE   also write a self-contained HTML report: latency over time, percentiles",
            "  --no-progress   no line per second on standard error",
            "  --scenarios F   run the scenarios of file F in order: one per line, `NAME OPTIONS…`",
            "                  (# starts a comment); each line's options are added to the command's",
            "  --sweep         editors on one document from --sweep-from (100) to --sweep-to (2000)",
            "                  by --sweep-step (100), each step --warmup then --duration; stops at the",
            "                  first step over --sweep-p99 (100ms) remote receipt, with errors, or",
            "                  not converged, and reports the largest step within the bound",
            "");

    /** One named run of a scenario file. */
    record Scenario(String name, BenchOptions options) {}

    /** The steps of a sweep and the bound a step must stay within. */
    record SweepPlan(int from, int to, int step, Duration p99Bound) {
        SweepPlan {
            if (from < 2 || to < from || step < 1) {
                throw new IllegalArgumentException(
                        "--sweep: expected 2 <= --sweep-from <= --sweep-to and --sweep-step >= 1, found from " + from
                                + ", to " + to + ", step " + step);
            }
        }

        List<Integer> steps() {
            List<Integer> s = new ArrayList<>();
            for (int n = from; n <= to; n += step) {
                s.add(n);
            }
            return s;
        }
    }

    BenchCommand {
        scenarios = List.copyOf(scenarios);
        if (!scenarios.isEmpty() && sweep.isPresent()) {
            throw new IllegalArgumentException("--scenarios and --sweep: expected one of them, found both");
        }
    }

    static BenchCommand parse(List<String> args) {
        List<String> rest = new ArrayList<>();
        Optional<Path> json = Optional.empty();
        Optional<Path> report = Optional.empty();
        boolean progress = true;
        Optional<Path> scenarioFile = Optional.empty();
        boolean sweep = false;
        int from = 100;
        int to = 2000;
        int step = 100;
        Duration p99 = Duration.ofMillis(100);
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            switch (name) {
                case "--no-progress" -> progress = false;
                case "--sweep" -> sweep = true;
                case "--json",
                        "--report",
                        "--scenarios",
                        "--sweep-from",
                        "--sweep-to",
                        "--sweep-step",
                        "--sweep-p99" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(name + ": missing value");
                    }
                    String value = args.get(++i);
                    switch (name) {
                        case "--json" -> json = Optional.of(Path.of(value));
                        case "--report" -> report = Optional.of(Path.of(value));
                        case "--scenarios" -> scenarioFile = Optional.of(Path.of(value));
                        case "--sweep-from" -> from = BenchOptions.integer(name, value);
                        case "--sweep-to" -> to = BenchOptions.integer(name, value);
                        case "--sweep-step" -> step = BenchOptions.integer(name, value);
                        default -> p99 = BenchOptions.duration(name, value);
                    }
                }
                default -> rest.add(name);
            }
        }
        BenchOptions base = BenchOptions.parse(rest);
        List<Scenario> scenarios =
                scenarioFile.map(f -> scenarios(f, rest, base)).orElse(List.of());
        Optional<SweepPlan> plan = sweep ? Optional.of(new SweepPlan(from, to, step, p99)) : Optional.empty();
        return new BenchCommand(base, json, report, progress, scenarios, plan);
    }

    /** The scenarios of {@code file}: each line's options after the command's, a doc prefix per name. */
    static List<Scenario> scenarios(Path file, List<String> commandLine, BenchOptions base) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--scenarios: cannot read " + file + ": " + e.getMessage());
        }
        List<Scenario> out = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            List<String> words = Arrays.asList(line.split("\\s+"));
            String name = words.get(0);
            List<String> args = new ArrayList<>(commandLine);
            args.addAll(List.of("--doc-prefix", base.docPrefix() + "-" + name));
            args.addAll(words.subList(1, words.size()));
            try {
                out.add(new Scenario(name, BenchOptions.parse(args)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--scenarios: " + file + " line " + (n + 1) + " (" + name + "): " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--scenarios: " + file + " names no scenario");
        }
        return out;
    }
}
