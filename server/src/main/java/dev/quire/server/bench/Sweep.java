package dev.quire.server.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code bench --sweep}: more and more editors on one document, step by step (each step a fresh
 * document, its own warm-up and window), until a step misses the bound — p99 submit→remote
 * receipt over {@code --sweep-p99}, an error, or no convergence — or the last step is done. The
 * answer is the largest step within the bound: the method of Etherpad's 2026 scaling study, so
 * the figures compare.
 */
final class Sweep {
    private Sweep() {}

    /** One step: its editor count, its figures, and whether it stayed within the bound. */
    record Step(int editors, BenchResult result, boolean withinBound) {}

    /** The steps run, in order; the last one is the first that missed the bound, if any did. */
    record Result(BenchOptions base, BenchCommand.SweepPlan plan, List<Step> steps) {
        Result {
            steps = List.copyOf(steps);
        }

        /** The largest editor count whose step stayed within the bound, if one did. */
        Optional<Integer> largestPassing() {
            return steps.stream().filter(Step::withinBound).map(Step::editors).reduce((a, b) -> b);
        }

        String format() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(
                    Locale.ROOT,
                    "sweep: editors on one document, %s, %d s measured after %d s warm-up, %s;"
                            + " bound: p99 remote receipt <= %d ms, no errors, converged%n",
                    base.mode() == BenchEditor.Mode.CLOSED_LOOP
                            ? "closed loop"
                            : "an edit every " + base.rateMs() + " ms",
                    base.duration().toSeconds(),
                    base.warmup().toSeconds(),
                    base.url(),
                    plan.p99Bound().toMillis()));
            b.append(" editors  acked ops/s  remote p50 / p95 / p99 ms      server cores  server MiB"
                    + "  generator cores  errors  converged  within\n");
            for (Step s : steps) {
                BenchResult r = s.result();
                Latencies.Summary remote = r.window().remote().summary();
                b.append(String.format(
                        Locale.ROOT,
                        "%8d  %11.1f  %8.2f / %7.2f / %8.2f  %12s  %10s  %15s  %6d  %9s  %6s%n",
                        s.editors(),
                        r.window().ackedPerSecond(),
                        remote.p50() / 1e6,
                        remote.p95() / 1e6,
                        remote.p99() / 1e6,
                        r.server()
                                .cores()
                                .map(c -> String.format(Locale.ROOT, "%.2f", c))
                                .orElse("n/a"),
                        r.server()
                                .rssBytes()
                                .map(m -> Long.toString(m / 1048576))
                                .orElse("n/a"),
                        r.generatorCores()
                                .map(c -> String.format(Locale.ROOT, "%.2f", c))
                                .orElse("n/a"),
                        r.errors().values().stream().mapToLong(Long::longValue).sum(),
                        r.converged() ? "yes" : "NO",
                        s.withinBound() ? "yes" : "NO"));
            }
            b.append(largestPassing()
                    .map(n -> "largest step within the bound: " + n + " editors on one document\n")
                    .orElse("no step stayed within the bound\n"));
            return b.toString();
        }
    }

    /** Runs the steps of {@code plan} from {@code base}; each step's text report goes to {@code out}. */
    static Result run(BenchOptions base, BenchCommand.SweepPlan plan, Optional<PrintStream> progress, PrintStream out)
            throws Exception {
        List<Step> steps = new ArrayList<>();
        for (int n : plan.steps()) {
            progress.ifPresent(p -> p.println("bench: sweep step " + n + " editors"));
            BenchResult r = LoadGenerator.run(base.withEditorsOnOneDocument(n), progress);
            out.print(r.format());
            boolean within = r.passed()
                    && r.window().remote().summary().p99() <= plan.p99Bound().toNanos();
            steps.add(new Step(n, r, within));
            if (!within) {
                break;
            }
        }
        return new Result(base, plan, steps);
    }
}
