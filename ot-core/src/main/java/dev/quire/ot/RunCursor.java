package dev.quire.ot;

/**
 * The general path of {@link SpanBuffer}'s edits (decisions 045, 058): any splice anywhere in the
 * runs, on the {@link RunArray} and a cursor into it, a run index and its start offset, that every
 * lookup leaves where it looked and every structural change keeps valid. Lookups start from the
 * cursor (the place of the last edit), or from the nearer end of the text for a far jump.
 *
 * <p>Unlike {@link SpanBuffer}'s hint, whose run's length may lag in the array between two general
 * edits, the cursor works on an exact array: the buffer writes the hint run's length back and
 * hands over the cursor and the text's length before a {@link #splice}, and takes them back after.
 * A separate object so that neither method compiles the other's code (both are past C2's
 * {@code FreqInlineSize}, decision 058). Owned by one {@link SpanBuffer}; not thread-safe.
 */
final class RunCursor {
    private final RunArray runs;
    private final StampTable stamps;
    /**
     * A run index and its start offset. Invariant, kept by every change: {@code start} is the sum of
     * the lengths of the runs before {@code run}, and {@code 0 <= run <= count}.
     */
    int run;

    int start;
    /** The text's length. */
    int length;

    RunCursor(RunArray runs, StampTable stamps) {
        this.runs = runs;
        this.stamps = stamps;
    }

    /**
     * Replaces the {@code deleted} units at {@code [pos, pos + deleted)} with {@code inserted}
     * units by {@code author} at {@code time}: the delete, then the insert at the same place.
     * Leaves the cursor where the next edit most likely falls: at the run holding the last unit
     * inserted; after a delete, at the run holding the unit at {@code pos} when {@code forward} (a
     * forward delete) or at the text's start, else at the run before it; at the end of an empty
     * text.
     */
    void splice(int pos, int deleted, int inserted, String author, long time, boolean forward) {
        if (deleted > 0) {
            int end = pos + deleted;
            int i = locate(pos);
            int runEnd = start + runs.length(i);
            if (end < runEnd || (end == runEnd && pos > start)) {
                runs.grow(i, -deleted);
            } else {
                // From the start of run i, or to its end, the boundary is there: no split, no walk.
                int a = pos == start ? i : split(pos);
                int b = end == runEnd ? a + 1 : split(end);
                runs.remove(a, b);
                run = a;
                start = pos;
                mergeAt(a);
            }
            length -= deleted;
        }
        if (inserted > 0) {
            // Every case leaves the inserted text in the cursor's run.
            int stamp = stamps.stamp(author, time);
            int count = runs.count();
            if (pos == length) {
                if (count > 0 && runs.stamp(count - 1) == stamp) {
                    run = count - 1;
                    start = length - runs.length(count - 1);
                    runs.grow(count - 1, inserted);
                } else {
                    runs.insert(count, inserted, stamp);
                    run = count;
                    start = pos;
                }
            } else {
                int i = locate(pos);
                if (runs.stamp(i) == stamp) {
                    runs.grow(i, inserted);
                } else if (pos > start) {
                    // Inside run i: the new run and then i's right part come after it.
                    int left = pos - start;
                    // In that order, so that the gap moves once.
                    int right = runs.length(i) - left;
                    runs.setLength(i, left);
                    runs.insert(i + 1, inserted, stamp);
                    runs.insert(i + 2, right, runs.stamp(i));
                    run = i + 1;
                    start = pos;
                } else if (i > 0 && runs.stamp(i - 1) == stamp) {
                    run = i - 1;
                    start = pos - runs.length(i - 1);
                    runs.grow(i - 1, inserted);
                } else {
                    runs.insert(i, inserted, stamp);
                }
            }
            length += inserted;
        } else if (deleted > 0) {
            if (pos < length && (forward || pos == 0)) {
                moveTo(pos);
            } else if (pos > 0) {
                moveTo(pos - 1);
            }
        }
    }

    /** Moves the cursor to the run holding the unit at {@code pos} (&lt; length). */
    private void moveTo(int pos) {
        if (run >= runs.count() || pos < start || pos >= start + runs.length(run)) {
            locate(pos);
        }
    }

    /** Merges run {@code i} into run {@code i - 1} when they have the same stamp. */
    private void mergeAt(int i) {
        if (i <= 0 || i >= runs.count() || runs.stamp(i) != runs.stamp(i - 1)) {
            return;
        }
        if (run == i) {
            run = i - 1;
            start -= runs.length(i - 1);
        } else if (run > i) {
            run--;
        }
        runs.grow(i - 1, runs.length(i));
        runs.remove(i, i + 1);
    }

    /**
     * Makes a run boundary at {@code pos} and returns the index of the run that starts there
     * ({@code count} when pos is the end).
     */
    private int split(int pos) {
        if (pos == length) {
            return runs.count();
        }
        int i = locate(pos);
        if (start == pos) {
            return i;
        }
        int left = pos - start;
        int stamp = runs.stamp(i);
        // The right part becomes run i + 1; runs after i move up by one, the cursor (at i) stays valid.
        runs.insert(i + 1, runs.length(i) - left, stamp);
        runs.setLength(i, left);
        run = i + 1;
        start = pos;
        return i + 1;
    }

    /** The run containing offset {@code pos} (&lt; length); leaves the cursor at it. */
    private int locate(int pos) {
        int count = runs.count();
        int i = run;
        int s = start;
        if (pos >= s && i < count) {
            // In the cursor's run or at the start of the next one (pos < length, so there is one):
            // most lookups of the general path, found without a walk.
            int end = s + runs.length(i);
            if (pos < end) {
                return i;
            }
            if (pos == end) {
                run = i + 1;
                start = end;
                return i + 1;
            }
        }
        // A far jump walks from the nearer end of the text instead (offsets stand in for run counts).
        if (pos < s - pos) {
            i = 0;
            s = 0;
        } else if (length - pos < Math.abs(pos - s)) {
            i = count;
            s = length;
        }
        if (i == count) {
            i--;
            s -= runs.length(i);
        }
        long found = runs.find(i, s, pos);
        run = (int) (found >>> 32);
        start = (int) found;
        return run;
    }
}
