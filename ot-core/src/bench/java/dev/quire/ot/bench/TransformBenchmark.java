package dev.quire.ot.bench;

import dev.quire.ot.TextOperation;
import dev.quire.ot.Transformed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Benchmark 3: {@code transform} throughput on concurrent op pairs from two traces. Pair i is op
 * i of automerge-paper and op i of seph-blog1 (i &lt; {@value #PAIRS}), each the pre-built splice
 * {@code retain(pos).delete(n).insert(s).retain(rest)} of its own trace. Their base lengths differ,
 * so the shorter one gets a trailing {@code retain} up to the longer one's base length: both then
 * edit one document of {@code max(lengthA, lengthB)} characters at their real positions (the
 * extra characters sit at the end of the shorter trace's document). Pairs are built in order, each
 * op with its own copy of its inserted text, so a pair's objects sit together in memory. One
 * benchmark operation is
 * one {@code transform(a, b)}; the score is transforms per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class TransformBenchmark {
    static final int PAIRS = 100_000;

    private TextOperation[] a;
    private TextOperation[] b;

    @Setup
    public void load() {
        TextOperation[] opsA = BenchTraces.operations(BenchTraces.load("automerge-paper"));
        TextOperation[] opsB = BenchTraces.operations(BenchTraces.load("seph-blog1"));
        a = new TextOperation[PAIRS];
        b = new TextOperation[PAIRS];
        for (int i = 0; i < PAIRS; i++) {
            int length = Math.max(opsA[i].baseLength(), opsB[i].baseLength());
            a[i] = padTo(opsA[i], length);
            b[i] = padTo(opsB[i], length);
        }
    }

    /** The op with a trailing retain up to baseLength (and its own copy of inserted text). */
    static TextOperation padTo(TextOperation op, int baseLength) {
        List<Object> json = new ArrayList<>();
        for (Object component : op.toJson()) {
            json.add(component instanceof String s ? new String(s.toCharArray()) : component);
        }
        json.addAll(TextOperation.identity(baseLength - op.baseLength()).toJson());
        return TextOperation.fromJson(json);
    }

    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public void transform(Blackhole bh) {
        for (int i = 0; i < PAIRS; i++) {
            Transformed t = TextOperation.transform(a[i], b[i]);
            bh.consume(t);
        }
    }
}
