package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.testing.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link RunArray}: a seeded property against a plain list of (length, stamp) pairs, with the gap
 * moved about by inserts and removes at random places, and {@code find} from random runs to random
 * offsets on both sides of the gap, across it, and at the first and last unit. Replay a failure
 * with {@code -Dquire.seed=N -Dquire.iterations=1}.
 */
class RunArrayTest {
    @Test
    void findWalksBothSidesOfTheGap() {
        RunArray runs = new RunArray();
        for (int i = 0; i < 5; i++) {
            runs.insert(i, i + 1, i); // lengths 1..5 at offsets 0, 1, 3, 6, 10; 15 in all
        }
        runs.insert(2, 7, 9); // the gap is now after run 2: lengths 1, 2, 7, 3, 4, 5
        assertEquals(2L << 32 | 3, runs.find(0, 0, 9));
        assertEquals(5L << 32 | 17, runs.find(0, 0, 21));
        assertEquals(0L << 32 | 0, runs.find(5, 17, 0));
        assertEquals(3L << 32 | 10, runs.find(5, 17, 12));
        assertEquals(4L << 32 | 13, runs.find(4, 13, 16));
    }

    @Test
    void matchesAListOfRuns() {
        Property.check("run array matches a list of runs", r -> {
            RunArray runs = new RunArray();
            List<long[]> model = new ArrayList<>();
            for (int step = 0, steps = 1 + r.nextInt(400); step < steps; step++) {
                int op = r.nextInt(10);
                if (op < 5 || model.isEmpty()) {
                    int at = r.nextInt(model.size() + 1);
                    int n = 1 + r.nextInt(9);
                    int stamp = r.nextInt(50);
                    runs.insert(at, n, stamp);
                    model.add(at, new long[] {n, stamp});
                } else if (op < 7) {
                    int from = r.nextInt(model.size());
                    int to = from + 1 + r.nextInt(Math.min(5, model.size() - from));
                    runs.remove(from, to);
                    model.subList(from, to).clear();
                } else if (op < 8) {
                    int i = r.nextInt(model.size());
                    int by = r.nextInt(5);
                    runs.grow(i, by);
                    model.get(i)[0] += by;
                } else if (op < 9) {
                    int i = r.nextInt(model.size());
                    int n = 1 + r.nextInt(9);
                    runs.setLength(i, n);
                    model.get(i)[0] = n;
                } else {
                    checkFind(runs, model, r);
                }
                assertEquals(model.size(), runs.count(), "count");
            }
            for (int i = 0; i < model.size(); i++) {
                assertEquals(model.get(i)[0], runs.length(i), "length of run " + i);
                assertEquals(model.get(i)[1], runs.stamp(i), "stamp of run " + i);
            }
            RunArray copy = runs.copy();
            if (!model.isEmpty()) {
                runs.remove(0, 1);
                assertEquals(model.size(), copy.count(), "a copy does not move");
                assertEquals(model.get(0)[0], copy.length(0), "a copy does not move");
            }
        });
    }

    private static void checkFind(RunArray runs, List<long[]> model, Random r) {
        int total = 0;
        int[] starts = new int[model.size() + 1];
        for (int i = 0; i < model.size(); i++) {
            starts[i] = total;
            total += (int) model.get(i)[0];
        }
        if (total == 0) {
            return;
        }
        int from = r.nextInt(model.size());
        int pos = r.nextBoolean() ? r.nextInt(total) : r.nextBoolean() ? 0 : total - 1;
        int expected = 0;
        while (pos >= starts[expected] + model.get(expected)[0]) {
            expected++;
        }
        assertEquals(
                (long) expected << 32 | starts[expected],
                runs.find(from, starts[from], pos),
                "find from run " + from + " to offset " + pos);
    }
}
