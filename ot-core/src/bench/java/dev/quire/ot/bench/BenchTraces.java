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
    Path folder = Traces.folder().orElseThrow(() -> new IllegalStateException(
        "traces folder not found: set -Dquire.traces=/path/to/shared/traces"));
    try {
      return Traces.load(folder, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The trace's patches as arrays, for the StringBuilder baseline. */
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
        inserts[i] = patches.get(i).insert();
      }
      return new Patches(positions, deletes, inserts);
    }
  }

  static TextOperation[] operations(Trace trace) {
    return trace.operations().toArray(new TextOperation[0]);
  }
}
