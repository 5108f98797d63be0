package dev.quire.ot.bench;

import dev.quire.ot.TextOperation;
import java.util.Locale;
import java.util.Random;

/**
 * What the server's {@code --transform-budget} estimates: the time to transform one submitted op
 * of {@code m} components through the {@code k} ops applied since its base (typing, one insert
 * each), one at a time as {@code ServerDocument.submit} does. For each m it prints the median time
 * per history op, and that time divided by m (what the budget's "components × versions behind"
 * assumes is constant) and by log2(m). Run with the bench profile,
 * {@code -Dbench.main=dev.quire.ot.bench.TransformBudgetBenchmark -Djmh.args="RUNS K"}.
 */
public final class TransformBudgetBenchmark {
    private TransformBudgetBenchmark() {}

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        System.out.println("runs per figure: " + runs + " (after 2 warm-up runs); history of " + k + " typing ops");
        for (int m : new int[] {2, 8, 16, 31, 32, 64, 256, 1024, 4096, 16384, 65536}) {
            measure(m, k, runs);
        }
    }

    static void measure(int m, int k, int runs) {
        int length = Math.max(1000, m * 4);
        Random random = new Random(m);
        TextOperation op = spread(m, length);
        TextOperation[] history = new TextOperation[k];
        int len = length;
        for (int i = 0; i < k; i++) {
            history[i] = TextOperation.insert(random.nextInt(len + 1), "z", len);
            len++;
        }
        double[] perStep = new double[runs];
        for (int r = -2; r < runs; r++) {
            long start = System.nanoTime();
            TextOperation moved = op;
            for (TextOperation h : history) {
                moved = TextOperation.transform(moved, h).a();
            }
            moved.componentCount(); // a tree result is flattened once, as the server's apply reads it
            long took = System.nanoTime() - start;
            if (r >= 0) {
                perStep[r] = took / (double) k;
            }
        }
        java.util.Arrays.sort(perStep);
        double median = perStep[runs / 2];
        System.out.printf(
                Locale.ROOT,
                "m=%6d  ns per history op: median %10.0f [%.0f – %.0f]   ns / m %8.1f   ns / log2(m) %8.1f%n",
                op.componentCount(),
                median,
                perStep[0],
                perStep[runs - 1],
                median / op.componentCount(),
                median / (Math.log(Math.max(2, op.componentCount())) / Math.log(2)));
    }

    /** An op of about {@code m} components: retains and one-character inserts spread over the text. */
    static TextOperation spread(int m, int length) {
        TextOperation.Builder b = TextOperation.builder();
        int pairs = Math.max(1, m / 2);
        int gap = length / pairs;
        int used = 0;
        for (int i = 0; i < pairs; i++) {
            b.retain(gap);
            used += gap;
            b.insert("b");
        }
        if (used < length) {
            b.retain(length - used);
        }
        return b.build();
    }
}
