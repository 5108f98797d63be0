package dev.quire.ot;

/**
 * The spans of an {@link Authorship}, packed for the op path: each run of text by one stamp (an
 * interned author and time) is one {@code long}, {@code length << 32 | stamp}, in text order in a
 * gap buffer. Neighbouring runs never have the same stamp.
 *
 * <pre>
 *   runs (text order):  [7 | Ada t1] [4 | Cy t3] [5 | Ada t1]
 *   array:              [7|0] [4|2] _ _ _ _ [5|0]      gapStart 2, gapLength 4
 * </pre>
 *
 * <p>Run {@code i} is at index {@code i} before the gap and at {@code i + gapLength} after it. A
 * structural change (a run split, made or removed) moves the gap to its place first, so it costs
 * the distance from the previous one (edits are mostly near each other), not the number of runs
 * after it. A hint, the run of the last edit and its start offset, makes finding the place of the
 * next edit cost the number of runs between the two.
 *
 * <p>Typing is the common case, and costs a few field updates: the hint run's end and stamp are
 * kept in fields beside it, so text of its stamp inserted anywhere in it or at either end, and
 * text deleted inside it that leaves some of it, only change its length, and that change is kept
 * in {@code pending} and written to the array at the next other edit. Typing on, backspace and
 * forward delete at one place never touch the array. After any other edit the hint is put where
 * the next one most likely falls: the run holding the last unit inserted, or, after a delete, the
 * run before the deleted place (the one after it when the delete was a forward delete at the
 * place of the previous edit).
 *
 * <p>Internal to {@link Authorship}, its one owner; not thread-safe.
 */
final class SpanBuffer {
    private long[] runs;
    private int gapStart;
    private int gapLength;
    private int count;
    private int length;
    /**
     * A run index and its start offset: where the last edit was. Invariant, kept by every change:
     * {@code hintStart} is the sum of the lengths of the runs before {@code hintRun}, and
     * {@code 0 <= hintRun <= count}.
     */
    private int hintRun;

    private int hintStart;
    /**
     * What the hint run's length in the array lacks: its length is {@code stored(hintRun) +
     * pending}. Always 0 when {@code hintRun == count}.
     */
    private int pending;
    /**
     * The offset past the hint run and its stamp, for the fast paths; -1 and -1 when not known (no
     * run, or the hint moved since they were set), which no edit matches.
     */
    private int hintEnd = -1;

    private int hintStamp = -1;
    /** The offset just past the last edit: a delete there is a forward delete. */
    private int cursor;

    SpanBuffer() {
        runs = new long[8];
        gapLength = runs.length;
    }

    private SpanBuffer(SpanBuffer from) {
        runs = from.runs.clone();
        gapStart = from.gapStart;
        gapLength = from.gapLength;
        count = from.count;
        length = from.length;
        hintRun = from.hintRun;
        hintStart = from.hintStart;
        pending = from.pending;
        hintEnd = from.hintEnd;
        hintStamp = from.hintStamp;
        cursor = from.cursor;
    }

    /** An independent copy. */
    SpanBuffer copy() {
        return new SpanBuffer(this);
    }

    /** The length of the text covered. */
    int length() {
        return length;
    }

    /** The number of runs. */
    int count() {
        return count;
    }

    /** The length of run {@code i}. */
    int runLength(int i) {
        return i == hintRun ? stored(i) + pending : stored(i);
    }

    /** The stamp of run {@code i}. */
    int stamp(int i) {
        return (int) runs[at(i)];
    }

    /** Adds {@code k} > 0 units of {@code stamp} at the end. */
    void append(int k, int stamp) {
        flush();
        insertRun(count, k, stamp);
        length += k;
        mergeAt(count - 1);
        hintEnd = -1;
        hintStamp = -1;
    }

    /** Inserts {@code k} > 0 units of {@code stamp} at offset {@code pos} in {@code [0, length]}. */
    void insert(int pos, int k, int stamp) {
        if (stamp == hintStamp && pos >= hintStart && pos <= hintEnd) {
            // Into the hint run, or at either end of it, with its stamp: it only gets longer.
            pending += k;
            hintEnd += k;
            length += k;
            cursor = pos + k;
            return;
        }
        insertElsewhere(pos, k, stamp);
    }

    // Kept out of insert, so that the fast path above compiles to a few instructions.
    private void insertElsewhere(int pos, int k, int stamp) {
        flush();
        if (!extend(pos, k, stamp)) {
            int at = split(pos);
            insertRun(at, k, stamp);
            hintRun = at;
            hintStart = pos;
            mergeAt(at + 1);
            mergeAt(at);
        }
        length += k;
        cursor = pos + k;
        placeHint(pos + k - 1);
    }

    /** Deletes the {@code k} > 0 units at {@code [pos, pos + k)}, within {@code [0, length]}. */
    void delete(int pos, int k) {
        int end = pos + k;
        if (pos >= hintStart && end <= hintEnd && (pos > hintStart || end < hintEnd)) {
            // Inside the hint run, and some of it stays: it only gets shorter.
            pending -= k;
            hintEnd -= k;
            length -= k;
            cursor = pos;
            return;
        }
        deleteElsewhere(pos, k);
    }

    // Kept out of delete, like insertElsewhere.
    private void deleteElsewhere(int pos, int k) {
        int end = pos + k;
        flush();
        int i = locate(pos);
        int runEnd = hintStart + stored(i);
        if (end < runEnd || (end == runEnd && pos > hintStart)) {
            grow(i, -k);
        } else {
            int a = split(pos);
            int b = split(end);
            removeRuns(a, b);
            hintRun = a;
            hintStart = pos;
            mergeAt(a);
        }
        length -= k;
        boolean forward = pos == cursor;
        cursor = pos;
        if (pos < length && (forward || pos == 0)) {
            placeHint(pos);
        } else if (pos > 0) {
            placeHint(pos - 1);
        } else {
            hintEnd = -1;
            hintStamp = -1;
        }
    }

    /** Moves the hint to the run holding the unit at {@code pos} (&lt; length), with its end and stamp. */
    private void placeHint(int pos) {
        int i = locate(pos);
        hintEnd = hintStart + stored(i);
        hintStamp = stamp(i);
    }

    /** Writes the pending change of the hint run's length to the array. */
    private void flush() {
        if (pending != 0) {
            grow(hintRun, pending);
            pending = 0;
        }
    }

    /**
     * Text inserted inside, or at either end of, a run of the same stamp only makes that run longer
     * (the cursor elsewhere: typing at a new place, or a new stamp).
     */
    private boolean extend(int pos, int k, int stamp) {
        if (count == 0) {
            return false;
        }
        if (pos == length) {
            int last = count - 1;
            if (stamp(last) != stamp) {
                return false;
            }
            grow(last, k);
            if (hintRun == count) {
                hintStart += k;
            }
            return true;
        }
        int i = locate(pos);
        if (pos > hintStart && stamp(i) == stamp) {
            grow(i, k);
            return true;
        }
        if (pos == hintStart && i > 0 && stamp(i - 1) == stamp) {
            grow(i - 1, k);
            hintStart += k;
            return true;
        }
        return false;
    }

    /** Merges run {@code i} into run {@code i - 1} when they have the same stamp. */
    private void mergeAt(int i) {
        if (i <= 0 || i >= count || stamp(i) != stamp(i - 1)) {
            return;
        }
        if (hintRun == i) {
            hintRun = i - 1;
            hintStart -= stored(i - 1);
        } else if (hintRun > i) {
            hintRun--;
        }
        grow(i - 1, stored(i));
        removeRuns(i, i + 1);
    }

    /**
     * Makes a run boundary at {@code pos} and returns the index of the run that starts there
     * ({@code count} when pos is the end).
     */
    private int split(int pos) {
        if (pos == length) {
            return count;
        }
        int i = locate(pos);
        if (hintStart == pos) {
            return i;
        }
        int left = pos - hintStart;
        int stamp = stamp(i);
        // The right part becomes run i + 1; runs after i move up by one, the hint (at i) stays valid.
        insertRun(i + 1, stored(i) - left, stamp);
        runs[at(i)] = run(left, stamp);
        hintRun = i + 1;
        hintStart = pos;
        return i + 1;
    }

    /** The run containing offset {@code pos} (&lt; length); leaves the hint at it. */
    private int locate(int pos) {
        int i = hintRun;
        int start = hintStart;
        // A far jump walks from the nearer end of the text instead (offsets stand in for run counts).
        if (pos < start - pos) {
            i = 0;
            start = 0;
        } else if (length - pos < Math.abs(pos - start)) {
            i = count;
            start = length;
        }
        if (i == count) {
            i--;
            start -= stored(i);
        }
        while (pos < start) {
            i--;
            start -= stored(i);
        }
        while (pos >= start + stored(i)) {
            start += stored(i);
            i++;
        }
        hintRun = i;
        hintStart = start;
        return i;
    }

    private void insertRun(int index, int k, int stamp) {
        if (gapLength == 0) {
            long[] bigger = new long[Math.max(8, count * 2)];
            System.arraycopy(runs, 0, bigger, 0, gapStart);
            int after = count - gapStart;
            System.arraycopy(runs, gapStart, bigger, bigger.length - after, after);
            gapLength = bigger.length - count;
            runs = bigger;
        }
        moveGap(index);
        runs[gapStart++] = run(k, stamp);
        gapLength--;
        count++;
    }

    /** Removes runs {@code [from, to)}. */
    private void removeRuns(int from, int to) {
        moveGap(from);
        gapLength += to - from;
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

    /** The length of run {@code i} in the array. */
    private int stored(int i) {
        return (int) (runs[at(i)] >>> 32);
    }

    private void grow(int i, int by) {
        runs[at(i)] += (long) by << 32;
    }

    private static long run(int length, int stamp) {
        return (long) length << 32 | (stamp & 0xFFFF_FFFFL);
    }
}
