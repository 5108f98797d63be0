package dev.quire.ot.bench;

import dev.quire.ot.Authorship;
import dev.quire.ot.TextOperation;
import dev.quire.ot.testing.Traces;

/**
 * The spans {@link Authorship} gives over the six flat traces, for a comparison of two versions of
 * ot-core's classes (decisions 056, 058): run it once with each on the class path and compare the
 * outputs, which must be equal. Per trace and way of making up authors, one line: the op count,
 * the spans and length at the end, a hash of the spans taken every 1,000 ops, and the hash of the
 * final spans.
 *
 * <p>Authors and times made up three ways: as {@link AuthorshipBenchmark} (three people taking
 * turns every 5,000 ops, a new minute every 60 ops); the same with every 7th turn back at minute 0,
 * as {@code AuthorshipTraceTest}, so that new text joins old spans; and authors changing every 37
 * ops with one of four times every 11 ops, so that spans split and join all the time.
 */
public final class AuthorshipSpans {
    private static final String[] PEOPLE = {"Ada", "Bo", "Cy"};

    private AuthorshipSpans() {}

    public static void main(String[] args) {
        for (String name : Traces.FLAT) {
            TextOperation[] ops = BenchTraces.operations(BenchTraces.load(name));
            for (int way = 0; way < 3; way++) {
                Authorship a = Authorship.empty();
                long hash = 17;
                for (int i = 0; i < ops.length; i++) {
                    int turn = i / 5000;
                    String who = PEOPLE[turn % 3];
                    long time = way == 1 && turn % 7 == 6 ? 0 : i / 60;
                    if (way == 2) {
                        who = PEOPLE[i / 37 % 3];
                        time = i / 11 % 4;
                    }
                    a.apply(ops[i], who, time);
                    if (i % 1000 == 999) {
                        hash = hash * 31 + a.spans().hashCode();
                    }
                }
                System.out.printf(
                        "%s way %d: %d ops, %d spans, length %d, hash %x, final %x%n",
                        name,
                        way,
                        ops.length,
                        a.spanCount(),
                        a.length(),
                        hash,
                        a.spans().hashCode());
            }
        }
    }
}
