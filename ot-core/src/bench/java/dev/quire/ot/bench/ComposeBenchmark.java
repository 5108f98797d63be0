package dev.quire.ot.bench;

import dev.quire.ot.TextOperation;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 4: {@code composeAll} of every pre-built patch operation of automerge-paper (259,778
 * ops) into one operation, which must turn the empty document into endContent (checked once at
 * setup, outside the measurement).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class ComposeBenchmark {
    private List<TextOperation> ops;

    @Setup
    public void load() {
        var trace = BenchTraces.load("automerge-paper");
        ops = Arrays.asList(BenchTraces.operations(trace));
        String result = TextOperation.composeAll(ops).apply("");
        if (!result.equals(trace.endContent())) {
            throw new IllegalStateException("composeAll does not reproduce endContent");
        }
    }

    @Benchmark
    public TextOperation composeAll() {
        return TextOperation.composeAll(ops);
    }
}
