package dev.quire.ot.bench;

import dev.quire.ot.Authorship;
import dev.quire.ot.TextOperation;
import dev.quire.ot.server.ServerDocument;
import dev.quire.ot.testing.Traces.Trace;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cost of authorship tracking (issue 17), a plain main like {@link LongBranchBenchmark}: the
 * automerge-paper trace replayed through a {@link ServerDocument} as in
 * {@link ReplayBenchmark#serverDocument} (<i>without</i>), and the same with every op also applied
 * to an {@link Authorship} (<i>with</i>), as the server's op path does. Runs alternate, without
 * then with, so that a loaded machine slows both alike; the ratio of each pair is reported.
 *
 * <p>The trace has no authors or times, so they are made up to fragment the spans the way real
 * editing would: three people taking turns every 5,000 ops, and a new time every 60 ops (a
 * minute of typing at one op a second; the server keeps times to the minute).
 *
 * <p>Run with the bench profile, {@code -Dbench.main=dev.quire.ot.bench.AuthorshipBenchmark
 * -Djmh.args="PAIRS"} (default 11, after 3 warm-up pairs).
 */
public final class AuthorshipBenchmark {
    private static final String[] PEOPLE = {"Ada", "Bo", "Cy"};

    private AuthorshipBenchmark() {}

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        Trace trace = BenchTraces.load("automerge-paper");
        TextOperation[] ops = BenchTraces.operations(trace);
        int finalLength = trace.endContent().length();
        double[] without = new double[pairs];
        double[] with = new double[pairs];
        double[] ratio = new double[pairs];
        int spans = 0;
        for (int i = -3; i < pairs; i++) {
            long t0 = System.nanoTime();
            check(without(ops), finalLength);
            long t1 = System.nanoTime();
            Authorship a = with(ops);
            check(a.length(), finalLength);
            long t2 = System.nanoTime();
            spans = a.spanCount();
            if (i >= 0) {
                without[i] = (t1 - t0) / 1e6;
                with[i] = (t2 - t1) / 1e6;
                ratio[i] = with[i] / without[i];
            }
        }
        System.out.printf(
                Locale.ROOT,
                "automerge-paper, %d ops, %d spans at the end; %d pairs after 3 warm-up pairs%n",
                ops.length,
                spans,
                pairs);
        print("without (ms)", without);
        print("with (ms)", with);
        print("with / without", ratio);
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
        for (int i = 0; i < ops.length; i++) {
            TextOperation op = ops[i];
            doc.submit(doc.version(), op);
            authorship.apply(op, PEOPLE[i / 5000 % PEOPLE.length], i / 60);
        }
        check(doc.length(), authorship.length());
        return authorship;
    }

    private static void check(int length, int expected) {
        if (length != expected) {
            throw new IllegalStateException("length " + length + " != " + expected);
        }
    }

    private static void print(String what, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-16s median %.3f, min %.3f, max %.3f%n",
                what,
                sorted[sorted.length / 2],
                sorted[0],
                sorted[sorted.length - 1]);
    }
}
