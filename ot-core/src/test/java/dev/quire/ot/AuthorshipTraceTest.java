package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quire.ot.Authorship.Span;
import dev.quire.ot.testing.Traces;
import dev.quire.ot.testing.Traces.Patch;
import dev.quire.ot.testing.Traces.Trace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Authorship} over real editing traces (the ones {@link TraceReplayTest} replays), against a
 * per-unit model computed without it: a {@link StringBuilder} with one char per UTF-16 unit naming
 * the unit's (author, time), edited with {@code replace} as the trace says. Authors and times are
 * made up as in {@code AuthorshipBenchmark}: three people taking turns every 5,000 ops, a new
 * minute every 60 ops, and every 7th turn back at the minute of an earlier one, so that new text
 * can join old spans. These are long runs of typing, backspace and jumps, what the cursor's fast
 * paths and the far-jump walk of {@link SpanBuffer} see; spans are compared every 5,000 ops and at
 * the end. Skipped, with the reason, when the traces folder is missing.
 */
class AuthorshipTraceTest {
    private static final String[] PEOPLE = {"Ada", "Bo", "Cy"};

    @ParameterizedTest
    @ValueSource(strings = {"sveltecomponent", "clownschool_flat", "automerge-paper"})
    void spansMatchThePerUnitModelThroughATrace(String name) throws IOException {
        Trace trace = Traces.load(TraceReplayTest.folder(), name);
        List<Patch> patches = trace.patches();
        List<TextOperation> ops = trace.operations();
        Authorship a = Authorship.empty();
        StringBuilder model = new StringBuilder();
        Map<String, Character> codes = new HashMap<>();
        List<Span> stamps = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            int turn = i / 5000;
            String who = PEOPLE[turn % PEOPLE.length];
            long time = turn % 7 == 6 ? 0 : i / 60;
            a.apply(ops.get(i), who, time);
            Patch p = patches.get(i);
            char code = codes.computeIfAbsent(who + "@" + time, k -> {
                stamps.add(new Span(0, 1, who, time));
                return (char) (stamps.size() - 1);
            });
            model.replace(
                    p.position(),
                    p.position() + p.delete(),
                    String.valueOf(code).repeat(p.insert().length()));
            if (i % 5000 == 4999 || i == ops.size() - 1) {
                assertEquals(expectedSpans(model, stamps), a.spans(), name + " after op " + i);
            }
        }
        assumeTrue(model.length() == trace.endContent().length(), "the model's length is the trace's");
        assertEquals(trace.endContent().length(), a.length());
    }

    private static List<Span> expectedSpans(CharSequence units, List<Span> stamps) {
        List<Span> out = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= units.length(); i++) {
            if (i == units.length() || units.charAt(i) != units.charAt(from)) {
                Span stamp = stamps.get(units.charAt(from));
                out.add(new Span(from, i, stamp.author(), stamp.time()));
                from = i;
            }
        }
        return out;
    }
}
