package dev.quire.ot.bench;

import dev.quire.ot.Authorship;
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
 * The cost of authorship tracking (issue 17): a whole trace replayed through a
 * {@link ServerDocument} as in {@link ReplayBenchmark#serverDocument} ({@code without}), and the
 * same with every op also applied to an {@link Authorship} ({@code with}), as the server's op path
 * does. The trace has no authors or times, so they are made up to fragment the spans the way
 * real editing would: three people taking turns every 5,000 ops, and a new time every 60 ops (a
 * minute of typing at one op a second; the server keeps times to the minute).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class AuthorshipBenchmark {
    private static final String[] PEOPLE = {"Ada", "Bo", "Cy"};

    @Param({"automerge-paper"})
    public String trace;

    private TextOperation[] ops;
    private int finalLength;

    @Setup
    public void load() {
        Trace t = BenchTraces.load(trace);
        ops = BenchTraces.operations(t);
        finalLength = t.endContent().length();
    }

    @Benchmark
    public int without() {
        ServerDocument doc = new ServerDocument("", 0);
        for (TextOperation op : ops) {
            doc.submit(doc.version(), op);
        }
        return check(doc.length());
    }

    @Benchmark
    public int with() {
        ServerDocument doc = new ServerDocument("", 0);
        Authorship authorship = Authorship.empty();
        for (int i = 0; i < ops.length; i++) {
            TextOperation op = ops[i];
            doc.submit(doc.version(), op);
            authorship.apply(op, PEOPLE[i / 5000 % PEOPLE.length], i / 60);
        }
        check(authorship.length());
        return check(doc.length()) + authorship.spanCount();
    }

    private int check(int length) {
        if (length != finalLength) {
            throw new IllegalStateException(trace + ": length " + length + " != " + finalLength);
        }
        return length;
    }
}
