package dev.quire.ot.bench;

import dev.quire.ot.TextOperation;
import dev.quire.ot.server.ServerDocument;
import dev.quire.ot.testing.Traces.Trace;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmarks 1 and 2: one whole trace replayed patch by patch, (1) each patch a pre-built
 * {@link TextOperation} {@code retain(pos).delete(n).insert(s).retain(rest)} submitted to a fresh
 * {@link ServerDocument} at its current version, (2) the same patches applied to a plain
 * {@link StringBuilder} with {@code replace(pos, pos + n, s)}. One benchmark operation is the
 * whole trace; edits/s = patches / time. Both check they reach the trace's final length.
 * {@code serverDocumentParsedLayout} is (1) with the operations laid out as the trace parser left
 * their strings (see {@link BenchTraces#operationsAsParsed}), to show what memory layout costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class ReplayBenchmark {
    @Param({"automerge-paper", "seph-blog1", "rustcode", "sveltecomponent", "friendsforever_flat", "clownschool_flat"})
    public String trace;

    private TextOperation[] ops;
    private TextOperation[] parsedOps;
    private BenchTraces.Patches patches;
    private int finalLength;

    @Setup
    public void load() {
        Trace t = BenchTraces.load(trace);
        parsedOps = BenchTraces.operationsAsParsed(t);
        ops = BenchTraces.operations(t);
        patches = BenchTraces.Patches.of(t);
        finalLength = t.endContent().length();
    }

    @Benchmark
    public int serverDocument() {
        ServerDocument doc = new ServerDocument("", 0);
        for (TextOperation op : ops) {
            doc.submit(doc.version(), op);
        }
        return check(doc.length());
    }

    @Benchmark
    public int serverDocumentParsedLayout() {
        ServerDocument doc = new ServerDocument("", 0);
        for (TextOperation op : parsedOps) {
            doc.submit(doc.version(), op);
        }
        return check(doc.length());
    }

    @Benchmark
    public int stringBuilder() {
        StringBuilder doc = new StringBuilder();
        int[] positions = patches.positions();
        int[] deletes = patches.deletes();
        String[] inserts = patches.inserts();
        for (int i = 0; i < positions.length; i++) {
            doc.replace(positions[i], positions[i] + deletes[i], inserts[i]);
        }
        return check(doc.length());
    }

    private int check(int length) {
        if (length != finalLength) {
            throw new IllegalStateException(trace + ": length " + length + " != " + finalLength);
        }
        return length;
    }
}
