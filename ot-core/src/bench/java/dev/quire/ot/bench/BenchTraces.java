package dev.quire.ot.bench;

import dev.quire.ot.TextOperation;
import dev.quire.ot.testing.Traces;
import dev.quire.ot.testing.Traces.Patch;
import dev.quire.ot.testing.Traces.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Loads a trace for a benchmark, once per fork, and pre-builds what the benchmark replays. */
final class BenchTraces {
    private BenchTraces() {}

    static Trace load(String name) {
        Path folder = Traces.folder()
                .orElseThrow(() -> new IllegalStateException(
                        "traces folder not found: set -Dquire.traces=/path/to/shared/traces"));
        try {
            return Traces.load(folder, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The trace's patches as arrays, for the StringBuilder baseline; inserted strings freshly
     * allocated in trace order, like {@link #operations}.
     */
    record Patches(int[] positions, int[] deletes, String[] inserts) {
        static Patches of(Trace trace) {
            List<Patch> patches = trace.patches();
            int n = patches.size();
            int[] positions = new int[n];
            int[] deletes = new int[n];
            String[] inserts = new String[n];
            for (int i = 0; i < n; i++) {
                positions[i] = patches.get(i).position();
                deletes[i] = patches.get(i).delete();
                inserts[i] = new String(patches.get(i).insert().toCharArray());
            }
            return new Patches(positions, deletes, inserts);
        }
    }

    /**
     * Each patch as the operation {@code retain(pos).delete(n).insert(s).retain(rest)}, built in
     * trace order with a freshly allocated copy of its inserted string, so that one op's objects
     * (operation, arrays, string) sit together in memory, as they do in a server that decodes each
     * op just before submitting it.
     */
    static TextOperation[] operations(Trace trace) {
        List<Patch> patches = trace.patches();
        TextOperation[] ops = new TextOperation[patches.size()];
        int length = 0;
        for (int i = 0; i < ops.length; i++) {
            Patch p = patches.get(i);
            ops[i] = TextOperation.builder()
                    .retain(p.position())
                    .delete(p.delete())
                    .insert(new String(p.insert().toCharArray()))
                    .retain(length - p.position() - p.delete())
                    .build();
            length = ops[i].targetLength();
        }
        return ops;
    }

    /**
     * The same operations built straight from the parsed trace: their inserted strings are the
     * parser's, scattered in memory among the parse tree, so replaying them measures cache misses
     * on top of ot-core's work.
     */
    static TextOperation[] operationsAsParsed(Trace trace) {
        return trace.operations().toArray(new TextOperation[0]);
    }
}
