package dev.quire.ot.bench;

import dev.quire.ot.Authorship;
import dev.quire.ot.TextOperation;
import dev.quire.ot.server.ServerDocument;
import dev.quire.ot.testing.Traces.Trace;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cost of authorship tracking (issue 17), a plain main like {@link LongBranchBenchmark}: the
 * automerge-paper trace replayed through a {@link ServerDocument} as in
 * {@link ReplayBenchmark#serverDocument} (<i>without</i>), the same with every op also applied to
 * an {@link Authorship} (<i>with</i>), as the server's op path does, and {@link Authorship#apply}
 * alone over the same ops (<i>apply only</i>, the cost itself, per op).
 *
 * <p>One round runs the three, in an order that alternates from round to round (without, with,
 * apply only; then apply only, with, without), each after a {@code System.gc()}, so that neither
 * arm always pays for the garbage of the other. Each is timed by the wall clock and by the CPU
 * time of its thread; on a loaded machine the CPU time leaves out the time the thread waited for a
 * core, not the slower caches. The ratio of each round's with and without is reported.
 *
 * <p>The trace has no authors or times, so they are made up to fragment the spans the way real
 * editing would: three people taking turns every 5,000 ops, and a new time every 60 ops (a
 * minute of typing at one op a second; the server keeps times to the minute).
 *
 * <p>Run with the bench profile, {@code -Dbench.main=dev.quire.ot.bench.AuthorshipBenchmark
 * -Djmh.args="ROUNDS"} (default 15, after 5 warm-up rounds), or as in docs/performance.md. Uses
 * only the public API, so the same class measures any version of {@link Authorship}.
 */
public final class AuthorshipBenchmark {
    private static final String[] PEOPLE = {"Ada", "Bo", "Cy"};
    private static final int WARMUP = 5;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private AuthorshipBenchmark() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Trace trace = BenchTraces.load("automerge-paper");
        TextOperation[] ops = BenchTraces.operations(trace);
        int finalLength = trace.endContent().length();
        String[] arms = {"without", "with", "apply only"};
        double[][] wall = new double[arms.length][rounds];
        double[][] cpu = new double[arms.length][rounds];
        int spans = 0;
        for (int r = -WARMUP; r < rounds; r++) {
            for (int k = 0; k < arms.length; k++) {
                int arm = Math.floorMod(r, 2) == 0 ? k : arms.length - 1 - k;
                System.gc();
                long c0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                int length =
                        switch (arm) {
                            case 0 -> without(ops);
                            case 1 -> with(ops).length();
                            default -> applyOnly(ops).spanCount();
                        };
                long t1 = System.nanoTime();
                long c1 = THREADS.getCurrentThreadCpuTime();
                if (arm == 2) {
                    spans = length;
                } else {
                    check(length, finalLength);
                }
                if (r >= 0) {
                    wall[arm][r] = (t1 - t0) / 1e6;
                    cpu[arm][r] = (c1 - c0) / 1e6;
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "automerge-paper, %d ops, %d spans at the end; %d rounds after %d warm-up rounds%n",
                ops.length,
                spans,
                rounds,
                WARMUP);
        for (int a = 0; a < arms.length; a++) {
            print(arms[a] + " wall ms", wall[a], ops.length);
            print(arms[a] + " cpu ms", cpu[a], ops.length);
        }
        print("with / without wall", ratio(wall[1], wall[0]), 0);
        print("with / without cpu", ratio(cpu[1], cpu[0]), 0);
    }

    private static int without(TextOperation[] ops) {
        ServerDocument doc = new ServerDocument("", 0);
        for (TextOperation op : ops) {
            doc.submit(doc.version(), op);
        }
        return doc.length();
    }

    private static Authorship with(TextOperation[] ops) {
        ServerDocument doc = new ServerDocument("", 0);
        Authorship authorship = Authorship.empty();
        Clock clock = new Clock();
        for (TextOperation op : ops) {
            doc.submit(doc.version(), op);
            authorship.apply(op, clock.author(), clock.time());
            clock.tick();
        }
        check(doc.length(), authorship.length());
        return authorship;
    }

    private static Authorship applyOnly(TextOperation[] ops) {
        Authorship authorship = Authorship.empty();
        Clock clock = new Clock();
        for (TextOperation op : ops) {
            authorship.apply(op, clock.author(), clock.time());
            clock.tick();
        }
        return authorship;
    }

    /**
     * The made-up author and time of each op, by counting rather than dividing the op's index (two
     * divisions per op were about 25 instructions, a tenth of what was measured as the cost).
     */
    private static final class Clock {
        private int person;
        private int inTurn;
        private long minute;
        private int inMinute;

        String author() {
            return PEOPLE[person];
        }

        long time() {
            return minute;
        }

        void tick() {
            if (++inMinute == 60) {
                inMinute = 0;
                minute++;
            }
            if (++inTurn == 5000) {
                inTurn = 0;
                person = (person + 1) % PEOPLE.length;
            }
        }
    }

    private static double[] ratio(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] / b[i];
        }
        return out;
    }

    private static void check(int length, int expected) {
        if (length != expected) {
            throw new IllegalStateException("length " + length + " != " + expected);
        }
    }

    /** Median, quartiles and extremes; with {@code ops > 0}, the median per op in ns too. */
    private static void print(String what, double[] values, int ops) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        System.out.printf(
                Locale.ROOT,
                "%-22s median %8.3f  p25-p75 %8.3f-%8.3f  min-max %8.3f-%8.3f%s%n",
                what,
                s[n / 2],
                s[n / 4],
                s[(3 * n) / 4],
                s[0],
                s[n - 1],
                ops > 0 ? String.format(Locale.ROOT, "  (%.1f ns/op)", s[n / 2] * 1e6 / ops) : "");
    }
}
