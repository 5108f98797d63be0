package dev.quire.ot;

/**
 * The runs of a {@link SpanBuffer} in text order, packed: each run of text by one stamp (an
 * interned author and time) is one {@code long}, {@code stamp << 32 | length}, in a gap buffer.
 * The length is the low half, so that the walks of {@link #find} read it without a shift
 * (decision 058).
 *
 * <pre>
 *   runs (text order):  [7 | Ada t1] [4 | Cy t3] [5 | Ada t1]
 *   array:              [7|0] [4|2] _ _ _ _ [5|0]      gapStart 2, gapLength 4
 * </pre>
 *
 * <p>Run {@code i} is at index {@code i} before the gap and at {@code i + gapLength} after it. A
 * run made or removed moves the gap to its place first, so it costs the distance from the
 * previous one (edits are mostly near each other), not the number of runs after it. Knows
 * nothing of offsets: {@link SpanBuffer} walks it.
 *
 * <p>Internal to {@link SpanBuffer}, its one owner; not thread-safe.
 */
final class RunArray {
    private long[] runs;
    private int gapStart;
    private int gapLength;
    private int count;

    RunArray() {
        runs = new long[8];
        gapLength = runs.length;
    }

    private RunArray(RunArray from) {
        runs = from.runs.clone();
        gapStart = from.gapStart;
        gapLength = from.gapLength;
        count = from.count;
    }

    /** An independent copy. */
    RunArray copy() {
        return new RunArray(this);
    }

    /** The number of runs. */
    int count() {
        return count;
    }

    /** The length of run {@code i}. */
    int length(int i) {
        return (int) runs[at(i)];
    }

    /** The stamp of run {@code i}. */
    int stamp(int i) {
        return (int) (runs[at(i)] >>> 32);
    }

    /**
     * The run holding offset {@code pos}, walking from run {@code i}, which starts at offset
     * {@code start}: its index and its start, as {@code index << 32 | start}.
     */
    long find(int i, int start, int pos) {
        // Locals only, and each side of the gap in its own counted loops, so that a step is a few
        // instructions: four runs a step first (one compare for four lengths), then one at a time.
        // The lookups of one run or the next never get here (SpanBuffer.locate); far walks, rare
        // among lookups, are most of the steps (decision 056).
        long[] a = runs;
        int g = gapStart;
        int gl = gapLength;
        if (pos < start) {
            if (i > g) {
                int j = i + gl - 1;
                for (; j >= g + gl + 3; j -= 4) {
                    int n = (int) a[j] + (int) a[j - 1] + (int) a[j - 2] + (int) a[j - 3];
                    if (pos >= start - n) {
                        break;
                    }
                    start -= n;
                }
                for (; j >= g + gl; j--) {
                    start -= (int) a[j];
                    if (pos >= start) {
                        return (long) (j - gl) << 32 | start;
                    }
                }
                i = g;
            }
            int j = i - 1;
            for (; j >= 3; j -= 4) {
                int n = (int) a[j] + (int) a[j - 1] + (int) a[j - 2] + (int) a[j - 3];
                if (pos >= start - n) {
                    break;
                }
                start -= n;
            }
            for (; j >= 0; j--) {
                start -= (int) a[j];
                if (pos >= start) {
                    return (long) j << 32 | start;
                }
            }
            throw new IllegalStateException("find: offset " + pos + " before the first run");
        }
        for (; i < g - 3; i += 4) {
            int n = (int) a[i] + (int) a[i + 1] + (int) a[i + 2] + (int) a[i + 3];
            if (pos < start + n) {
                break;
            }
            start += n;
        }
        for (; i < g; i++) {
            int n = (int) a[i];
            if (pos < start + n) {
                return (long) i << 32 | start;
            }
            start += n;
        }
        int j = i + gl;
        for (; j < a.length - 3; j += 4) {
            int n = (int) a[j] + (int) a[j + 1] + (int) a[j + 2] + (int) a[j + 3];
            if (pos < start + n) {
                break;
            }
            start += n;
        }
        for (; j < a.length; j++) {
            int n = (int) a[j];
            if (pos < start + n) {
                return (long) (j - gl) << 32 | start;
            }
            start += n;
        }
        throw new IllegalStateException("find: offset " + pos + " past the last run");
    }

    /** Adds {@code by} (may be negative) to the length of run {@code i}. */
    void grow(int i, int by) {
        // The length is the low half: adding by (sign-extended) leaves the stamp as it is, since
        // the length stays >= 0.
        runs[at(i)] += by;
    }

    /** Sets the length of run {@code i}, keeping its stamp. */
    void setLength(int i, int length) {
        int a = at(i);
        runs[a] = run(length, (int) (runs[a] >>> 32));
    }

    /** Makes a run of {@code length} and {@code stamp} run {@code index}; those from it move up. */
    void insert(int index, int length, int stamp) {
        if (gapLength == 0) {
            widen();
        }
        moveGap(index);
        runs[gapStart++] = run(length, stamp);
        gapLength--;
        count++;
    }

    /**
     * Doubles the array when the gap is used up; apart from {@link #insert}, so that the JIT does
     * not mix its rare work into the code of every insert (decision 058).
     */
    private void widen() {
        long[] bigger = new long[Math.max(8, count * 2)];
        System.arraycopy(runs, 0, bigger, 0, gapStart);
        int after = count - gapStart;
        System.arraycopy(runs, gapStart, bigger, bigger.length - after, after);
        gapLength = bigger.length - count;
        runs = bigger;
    }

    /**
     * Removes runs {@code [from, to)}. The gap grows over them: only the runs between it and them
     * move, never the removed ones (backspace over one-unit runs, run after run, moves none).
     */
    void remove(int from, int to) {
        if (to < gapStart) {
            moveGap(to);
        } else if (from > gapStart) {
            moveGap(from);
        }
        gapLength += to - from;
        gapStart = from;
        count -= to - from;
    }

    private void moveGap(int to) {
        if (to < gapStart) {
            System.arraycopy(runs, to, runs, to + gapLength, gapStart - to);
        } else if (to > gapStart) {
            System.arraycopy(runs, gapStart + gapLength, runs, gapStart, to - gapStart);
        }
        gapStart = to;
    }

    private int at(int i) {
        return i < gapStart ? i : i + gapLength;
    }

    private static long run(int length, int stamp) {
        return (long) stamp << 32 | (length & 0xFFFF_FFFFL);
    }
}
