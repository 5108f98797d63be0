package dev.quire.ot;

/**
 * The spans of an {@link Authorship} as runs (a length and a stamp, an interned author and time:
 * {@link StampTable}), in text order in a {@link RunArray}, with a hint that makes the edits of
 * typing cost a few field updates. Neighbouring runs never have the same stamp.
 *
 * <p>A hint, the run of the last edit and its start offset, makes finding the place of the next
 * edit cost the number of runs between the two. Typing is the common case: the hint run's length,
 * author and time are kept in fields beside it, so text of its author and time inserted anywhere
 * in it or at either end, and text deleted inside it that leaves some of it, change only the
 * field {@code hintLength}, and the array learns the new length at the next other edit. The text's
 * length is not kept either: it is {@code outside + hintLength} (decision 056). Typing on
 * changes one field, backspace and forward delete at one place two. After any other edit the hint is
 * put where the next one most likely falls: the run holding the last unit inserted, or, after a
 * delete, the run before the deleted place (the one after it when the delete was a forward delete
 * at the place of the previous edit).
 *
 * <p>Every other edit goes through {@link #edit}, past 325 bytes of bytecode on purpose (HotSpot's
 * {@code FreqInlineSize}; decisions 045, 058): C2 does not inline it, so the fast paths of {@link
 * #splice} compile into the caller without its registers and calls. It takes the commonest of
 * those edits next to the hint in a few array and field updates, and hands any other to {@link
 * #editAnywhere}, the general path (a lookup, splits, joins), also past 325 bytes and so compiled
 * apart from it.
 *
 * <p>Internal to {@link Authorship}, its one owner; not thread-safe.
 */
final class SpanBuffer {
    private final RunArray runs;
    private final StampTable stamps;
    /** The general path, on the same runs and stamps. */
    private final RunCursor walk;
    /**
     * A run index and its start offset: where the last edit was. Invariant, kept by every change:
     * {@code hintStart} is the sum of the lengths of the runs before {@code hintRun}, and
     * {@code 0 <= hintRun <= count}.
     */
    private int hintRun;

    private int hintStart;
    /**
     * The hint run's length (0 when {@code hintRun == count}), always exact; the array's may lag
     * behind it between two general edits.
     */
    private int hintLength;
    /** The length of the text outside the hint run: the text's length is this plus hintLength. */
    private int outside;
    /**
     * The hint run's author and time, for the fast insert; null only when there is no hint run
     * ({@code hintLength == 0}: straight after {@link #append}, or in an empty text), which no
     * edit matches.
     */
    private String hintAuthor;

    private long hintTime;
    /**
     * The offset just past the last delete or general edit; typing into the hint run does not move
     * it (one store less a keystroke, decision 056), the hint run's end stands in for it there. A
     * delete at either is taken for a forward delete.
     */
    private int cursor;

    SpanBuffer() {
        runs = new RunArray();
        stamps = new StampTable();
        walk = new RunCursor(runs, stamps);
    }

    private SpanBuffer(SpanBuffer from) {
        runs = from.runs.copy();
        stamps = from.stamps.copy();
        walk = new RunCursor(runs, stamps);
        hintRun = from.hintRun;
        hintStart = from.hintStart;
        hintLength = from.hintLength;
        outside = from.outside;
        hintAuthor = from.hintAuthor;
        hintTime = from.hintTime;
        cursor = from.cursor;
    }

    /** An independent copy. */
    SpanBuffer copy() {
        return new SpanBuffer(this);
    }

    /** The length of the text covered. */
    int length() {
        return outside + hintLength;
    }

    /** The number of runs. */
    int count() {
        return runs.count();
    }

    /** The length of run {@code i}. */
    int runLength(int i) {
        return i == hintRun ? hintLength : runs.length(i);
    }

    /** The author of run {@code i}. */
    String author(int i) {
        return stamps.author(runs.stamp(i));
    }

    /** The time of run {@code i}. */
    long time(int i) {
        return stamps.time(runs.stamp(i));
    }

    /** Adds {@code k} > 0 units by {@code author} at {@code time} at the end. */
    void append(int k, String author, long time) {
        int length = flush() + k;
        int stamp = stamps.stamp(author, time);
        int count = runs.count();
        if (count > 0 && runs.stamp(count - 1) == stamp) {
            runs.grow(count - 1, k);
        } else {
            runs.insert(count, k, stamp);
            if (hintRun == count) {
                hintRun++;
            }
        }
        if (hintRun == runs.count()) {
            hintStart += k;
        }
        hintAuthor = null;
        settle(length);
    }

    /**
     * Replaces the {@code deleted} units at {@code [pos, pos + deleted)} (within {@code [0,
     * length]}) with {@code inserted} units by {@code author} at {@code time}.
     */
    void splice(int pos, int deleted, int inserted, String author, long time) {
        int at = pos - hintStart;
        if (deleted == 0) {
            if (time == hintTime && at >= 0 && at <= hintLength && author.equals(hintAuthor)) {
                // Into the hint run, or at either end of it, by its author and time: it only gets longer.
                hintLength += inserted;
                return;
            }
        } else if (inserted == 0) {
            if (at >= 0 && at + deleted <= hintLength && deleted < hintLength) {
                // Inside the hint run, and some of it stays: it only gets shorter.
                hintLength -= deleted;
                cursor = pos;
                return;
            }
        }
        edit(pos, deleted, inserted, author, time);
    }

    /**
     * The splices next to the hint that the fast paths of {@link #splice} do not take, each in a few
     * array and field updates without a lookup; any other goes to {@link #editAnywhere}. The paths
     * are written out here, not called, on purpose (decision 058): this method must stay past 325
     * bytes of bytecode (HotSpot's {@code FreqInlineSize}), so that C2 compiles it on its own, out
     * of the caller's code, and without {@code editAnywhere}'s code (also past 325), whose
     * registers and spills it would otherwise share. Each leaves the spans and the hint as {@code
     * editAnywhere} would.
     *
     * <ul>
     *   <li>An insert inside the hint run or at its end ({@code 0 < at <= hintLength}) in another
     *       stamp (typing on in a new minute, or another author's text in it): the new run comes
     *       after the hint run's first {@code at} units, and the rest of it, if any, after the new
     *       run; at its end the insert joins the next run when that has its stamp. The hint is the
     *       new run.
     *   <li>A delete of exactly the hint run (a backspace over a run's last unit, run after run):
     *       the run goes, its neighbours join when they have one stamp, and the hint is the joined
     *       run, else the run after the place for a forward delete or at the text's start, else the
     *       run before it.
     *   <li>A forward delete at the hint run's end that leaves some of the next run: that run is
     *       the hint, shorter.
     *   <li>A backspace over the hint run's start (not at the place of the previous delete, which
     *       counts as a forward delete) that leaves some of the run before: that run is the hint,
     *       shorter.
     * </ul>
     */
    private void edit(int pos, int deleted, int inserted, String author, long time) {
        int at = pos - hintStart;
        int h = hintRun;
        int n = hintLength;
        if (deleted == 0) {
            if (at > 0 && at <= n && inserted > 0) {
                // Another stamp than the hint run's: the fast path took its own, and hintAuthor is
                // known whenever there is a hint run.
                int stamp = stamps.stamp(author, time);
                int old = runs.stamp(h);
                cursor = pos + inserted;
                hintAuthor = author;
                hintTime = time;
                runs.setLength(h, at);
                outside += n;
                hintRun = h + 1;
                hintStart = pos;
                if (at < n) {
                    runs.insert(h + 1, inserted, stamp);
                    runs.insert(h + 2, n - at, old);
                } else if (h + 1 < runs.count() && runs.stamp(h + 1) == stamp) {
                    int next = runs.length(h + 1);
                    runs.grow(h + 1, inserted);
                    outside -= next;
                    hintLength = next + inserted;
                    return;
                } else {
                    runs.insert(h + 1, inserted, stamp);
                }
                hintLength = inserted;
                return;
            }
        } else if (inserted == 0) {
            // The new hint is run i from offset start; the array does not know yet of the cut units
            // deleted from it (the hint run's length may lag there).
            int length = outside + n - deleted;
            int i;
            int start;
            int cut = 0;
            if (at == 0 && deleted == n) {
                boolean forward = pos == cursor;
                runs.remove(h, h + 1);
                int count = runs.count();
                if (h > 0 && h < count && runs.stamp(h - 1) == runs.stamp(h)) {
                    i = h - 1;
                    start = pos - runs.length(i);
                    runs.grow(i, runs.length(h));
                    runs.remove(h, h + 1);
                } else if (pos < length && (forward || pos == 0)) {
                    i = h;
                    start = pos;
                } else if (pos > 0) {
                    i = h - 1;
                    start = pos - runs.length(i);
                } else {
                    // Nothing is left: the hint is at the end of the empty text, whose author no edit matches.
                    cursor = 0;
                    hintStart = 0;
                    hintLength = 0;
                    hintAuthor = null;
                    return;
                }
            } else if (at == n && h + 1 < runs.count() && deleted < runs.length(h + 1)) {
                runs.setLength(h, n);
                i = h + 1;
                start = pos;
                cut = deleted;
            } else if (at + deleted == 0 && n > 0 && h > 0 && pos != cursor && deleted < runs.length(h - 1)) {
                runs.setLength(h, n);
                i = h - 1;
                start = pos + deleted - runs.length(i);
                cut = deleted;
            } else {
                editAnywhere(pos, deleted, inserted, author, time);
                return;
            }
            int stamp = runs.stamp(i);
            cursor = pos;
            hintRun = i;
            hintStart = start;
            hintLength = runs.length(i) - cut;
            outside = length - hintLength;
            hintAuthor = stamps.author(stamp);
            hintTime = stamps.time(stamp);
            return;
        }
        editAnywhere(pos, deleted, inserted, author, time);
    }

    /** Any other splice: the general path, {@link RunCursor#splice}; the hint as the class says. */
    private void editAnywhere(int pos, int deleted, int inserted, String author, long time) {
        boolean forward = pos == cursor || pos == hintStart + hintLength;
        RunCursor c = walk;
        c.length = flush();
        c.run = hintRun;
        c.start = hintStart;
        c.splice(pos, deleted, inserted, author, time, forward);
        hintRun = c.run;
        hintStart = c.start;
        settle(c.length);
        if (inserted > 0) {
            cursor = pos + inserted;
            hintAuthor = author;
            hintTime = time;
        } else if (deleted > 0) {
            // The hint is the run holding a unit next to the place, or none in an empty text.
            cursor = pos;
            if (hintLength == 0) {
                hintAuthor = null;
            } else {
                int stamp = runs.stamp(hintRun);
                hintAuthor = stamps.author(stamp);
                hintTime = stamps.time(stamp);
            }
        }
    }

    /** Starts a general change: writes the hint run's length to the array; returns the text's length. */
    private int flush() {
        if (hintRun < runs.count()) {
            runs.setLength(hintRun, hintLength);
        }
        return outside + hintLength;
    }

    /** Ends a general change: the hint run's length from the array, the rest from {@code length}. */
    private void settle(int length) {
        hintLength = hintRun < runs.count() ? runs.length(hintRun) : 0;
        outside = length - hintLength;
    }
}
