package dev.quire.ot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who inserted each part of a document's text: run-length spans, each with an author and a time,
 * that together cover the text exactly, kept up to date through every {@link TextOperation}.
 *
 * <pre>
 *   text:   Hello, brave world
 *   spans:  [0,7) Ada t1 | [7,13) Bo t2 | [13,18) Ada t1
 *   apply(retain 7, delete 6, insert "new ", retain 5) by Cy at t3:
 *   text:   Hello, new world
 *   spans:  [0,7) Ada t1 | [7,11) Cy t3 | [11,16) Ada t1
 * </pre>
 *
 * <p>Retained text keeps its span, deleted text drops out, inserted text gets the author and
 * time given with the op. Two neighbouring spans with the same author and the same time are one
 * span, so the number of spans grows with the number of (author, time) changes along the text,
 * not with its length. The time is a number in a unit the caller chooses (the server uses epoch
 * milliseconds truncated to the minute, so that one person's minute of typing is one span);
 * ot-core never reads a clock. The author is any string; {@code ""} stands for "unknown" (text
 * from before tracking began).
 *
 * <p>Offsets count UTF-16 code units, as everywhere in ot-core.
 *
 * <p>Mutable, for speed on the op path: {@link #apply} changes this object in place (a few
 * array moves per op, with a cursor that makes edits near the previous one cheap). One owner;
 * not thread-safe. {@link #spans()} returns an immutable copy that may be handed to any thread.
 */
public final class Authorship {
    /**
     * One span of text by one author.
     *
     * @param from   the first UTF-16 offset, &gt;= 0
     * @param to     the offset just past it, &gt; from
     * @param author who inserted it ({@code ""}: unknown)
     * @param time   when, in the caller's unit
     */
    public record Span(int from, int to, String author, long time) {
        /**
         * Checks the span.
         *
         * @param from   the first offset, &gt;= 0
         * @param to     the offset past it, &gt; from
         * @param author who inserted it
         * @param time   when
         */
        public Span {
            Objects.requireNonNull(author, "author");
            if (from < 0 || to <= from) {
                throw new IllegalArgumentException("Span: expected 0 <= from < to, got [" + from + ", " + to + ")");
            }
        }

        /**
         * The span's length.
         *
         * @return the number of UTF-16 units in the span
         */
        public int length() {
            return to - from;
        }
    }

    /**
     * The runs in text order, each {@code length << 32 | stamp}, in a gap buffer: run {@code i} is
     * at {@code i} before the gap and at {@code i + gapLength} after it. A structural change moves
     * the gap to its place first, so it costs the distance from the previous one (edits are
     * mostly near each other), not the number of runs after it.
     */
    private long[] runs = new long[8];

    private int gapStart;
    private int gapLength = 8;
    private int count;
    private int length;
    /** Interned (author, time) pairs: a run's stamp is its index here. */
    private final List<String> stampAuthors = new ArrayList<>();

    private final List<Long> stampTimes = new ArrayList<>();
    private final Map<String, Map<Long, Integer>> stampIndex = new HashMap<>();
    /** The stamp of the last {@link #apply}: the next op is usually by the same author, same minute. */
    private String lastAuthor;

    private long lastTime;
    private int lastStamp = -1;
    /** A run index and its start offset: where the last edit was, so the next one near it is found fast. */
    private int hintRun;

    private int hintStart;

    private Authorship() {}

    /**
     * No text.
     *
     * @return an empty authorship
     */
    public static Authorship empty() {
        return new Authorship();
    }

    /**
     * A text all by one author.
     *
     * @param length its length in UTF-16 units, &gt;= 0
     * @param author its author ({@code ""}: unknown)
     * @param time   when it was inserted
     * @return one span (none when length is 0)
     */
    public static Authorship of(int length, String author, long time) {
        Objects.requireNonNull(author, "author");
        if (length < 0) {
            throw new IllegalArgumentException("Authorship.of: length must be >= 0, was " + length);
        }
        Authorship a = new Authorship();
        if (length > 0) {
            a.insertRun(0, length, a.stamp(author, time));
            a.length = length;
        }
        return a;
    }

    /**
     * The authorship these spans describe.
     *
     * @param spans spans in text order, the first from offset 0
     * @return an authorship of their total length
     *
     * @throws IllegalArgumentException unless the spans follow one another from offset 0 without
     *     a gap or an overlap
     */
    public static Authorship of(List<Span> spans) {
        Authorship a = new Authorship();
        int at = 0;
        for (Span s : spans) {
            if (s.from() != at) {
                throw new IllegalArgumentException("Authorship.of: span " + s + " does not start at " + at);
            }
            a.insertRun(a.count, s.length(), a.stamp(s.author(), s.time()));
            a.mergeAt(a.count - 1);
            at = s.to();
        }
        a.length = at;
        return a;
    }

    /**
     * The length of the text.
     *
     * @return the length of the text covered, in UTF-16 units
     */
    public int length() {
        return length;
    }

    /**
     * The number of spans.
     *
     * @return how many spans there are
     */
    public int spanCount() {
        return count;
    }

    /**
     * An independent copy (for a snapshot of the live one).
     *
     * @return a copy that later changes to this one do not touch
     */
    public Authorship copy() {
        Authorship a = new Authorship();
        a.runs = runs.clone();
        a.gapStart = gapStart;
        a.gapLength = gapLength;
        a.count = count;
        a.length = length;
        a.stampAuthors.addAll(stampAuthors);
        a.stampTimes.addAll(stampTimes);
        stampIndex.forEach((k, v) -> a.stampIndex.put(k, new HashMap<>(v)));
        return a;
    }

    /**
     * The spans.
     *
     * @return the spans in text order, covering {@code [0, length())}; an immutable list
     */
    public List<Span> spans() {
        List<Span> out = new ArrayList<>(count);
        int at = 0;
        for (int i = 0; i < count; i++) {
            int n = len(i);
            int st = stampOf(i);
            out.add(new Span(at, at + n, stampAuthors.get(st), stampTimes.get(st)));
            at += n;
        }
        return List.copyOf(out);
    }

    /**
     * Applies {@code op}: its inserts become {@code author}'s at {@code time}.
     *
     * @param op     an op on the text this authorship covers
     * @param author who made it
     * @param time   when
     * @throws InvalidOperationException if {@code op.baseLength()} is not {@link #length()}
     */
    public void apply(TextOperation op, String author, long time) {
        Objects.requireNonNull(author, "author");
        if (op.baseLength() != length) {
            throw new InvalidOperationException(
                    "Authorship.apply: op.baseLength " + op.baseLength() + " != length " + length);
        }
        int st = -1;
        int pos = 0;
        int n = op.componentCount();
        for (int i = 0; i < n; i++) {
            int k = op.length(i);
            if (op.isRetain(i)) {
                pos += k;
            } else if (op.isDelete(i)) {
                delete(pos, k);
            } else {
                if (st < 0) {
                    st = stamp(author, time);
                }
                insert(pos, k, st);
                pos += k;
            }
        }
    }

    private int at(int i) {
        return i < gapStart ? i : i + gapLength;
    }

    private int len(int i) {
        return (int) (runs[at(i)] >>> 32);
    }

    private int stampOf(int i) {
        return (int) runs[at(i)];
    }

    private static long run(int length, int stamp) {
        return (long) length << 32 | (stamp & 0xFFFF_FFFFL);
    }

    private void grow(int i, int by) {
        runs[at(i)] += (long) by << 32;
    }

    private void moveGap(int to) {
        if (to < gapStart) {
            System.arraycopy(runs, to, runs, to + gapLength, gapStart - to);
        } else if (to > gapStart) {
            System.arraycopy(runs, gapStart + gapLength, runs, gapStart, to - gapStart);
        }
        gapStart = to;
    }

    /** Removes runs {@code [from, to)}. */
    private void removeRuns(int from, int to) {
        moveGap(from);
        gapLength += to - from;
        count -= to - from;
    }

    private void insert(int pos, int k, int st) {
        if (extend(pos, k, st)) {
            length += k;
            return;
        }
        int at = split(pos);
        hintRun = at;
        hintStart = pos;
        insertRun(at, k, st);
        length += k;
        mergeAt(at + 1);
        mergeAt(at);
    }

    /**
     * The fast path of typing: text inserted inside, or at the end of, a run of the same author and
     * time only makes that run longer.
     */
    private boolean extend(int pos, int k, int st) {
        if (count == 0) {
            return false;
        }
        if (pos == length) {
            int last = count - 1;
            if (stampOf(last) != st) {
                return false;
            }
            grow(last, k);
            if (hintRun == count) {
                hintStart += k;
            }
            return true;
        }
        int i = locate(pos);
        if (pos > hintStart && stampOf(i) == st) {
            grow(i, k);
            return true;
        }
        if (pos == hintStart && i > 0 && stampOf(i - 1) == st) {
            grow(i - 1, k);
            hintStart += k;
            return true;
        }
        return false;
    }

    private void delete(int pos, int k) {
        int i = locate(pos);
        int end = hintStart + len(i);
        if (pos + k < end || (pos + k == end && pos > hintStart)) {
            // Inside one run, which keeps some of its text: it only gets shorter.
            grow(i, -k);
            length -= k;
            return;
        }
        int a = split(pos);
        int b = split(pos + k);
        removeRuns(a, b);
        length -= k;
        hintRun = a;
        hintStart = pos;
        mergeAt(a);
    }

    /**
     * Merges run {@code i} into run {@code i - 1} when they have the same author and time.
     *
     * <p>The hint invariant, kept by every change: {@code hintStart} is the sum of the lengths of
     * the runs before {@code hintRun}, and {@code 0 <= hintRun <= count}.
     */
    private void mergeAt(int i) {
        if (i <= 0 || i >= count || stampOf(i) != stampOf(i - 1)) {
            return;
        }
        if (hintRun == i) {
            hintRun = i - 1;
            hintStart -= len(i - 1);
        } else if (hintRun > i) {
            hintRun--;
        }
        grow(i - 1, len(i));
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
        // The right part becomes run i + 1; runs after i move up by one, the hint (at i) stays valid.
        insertRun(i + 1, len(i) - left, stampOf(i));
        runs[at(i)] = run(left, stampOf(i));
        hintRun = i + 1;
        hintStart = pos;
        return i + 1;
    }

    /** The run containing offset {@code pos} (&lt; length); leaves the hint at it. */
    private int locate(int pos) {
        int i = hintRun;
        int start = hintStart;
        if (i == count) {
            i--;
            start -= len(i);
        }
        while (pos < start) {
            i--;
            start -= len(i);
        }
        while (pos >= start + len(i)) {
            start += len(i);
            i++;
        }
        hintRun = i;
        hintStart = start;
        return i;
    }

    private void insertRun(int index, int k, int st) {
        if (gapLength == 0) {
            long[] bigger = new long[Math.max(8, count * 2)];
            System.arraycopy(runs, 0, bigger, 0, gapStart);
            int after = count - gapStart;
            System.arraycopy(runs, gapStart, bigger, bigger.length - after, after);
            gapLength = bigger.length - count;
            runs = bigger;
        }
        moveGap(index);
        runs[gapStart++] = run(k, st);
        gapLength--;
        count++;
    }

    /** The stamp of (author, time), made when new. */
    private int stamp(String author, long time) {
        if (lastStamp >= 0 && time == lastTime && author.equals(lastAuthor)) {
            return lastStamp;
        }
        Map<Long, Integer> byTime = stampIndex.computeIfAbsent(author, x -> new HashMap<>());
        Integer st = byTime.get(time);
        if (st == null) {
            st = stampAuthors.size();
            stampAuthors.add(author);
            stampTimes.add(time);
            byTime.put(time, st);
        }
        lastAuthor = author;
        lastTime = time;
        lastStamp = st;
        return st;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Authorship other && spans().equals(other.spans());
    }

    @Override
    public int hashCode() {
        return spans().hashCode();
    }

    @Override
    public String toString() {
        return "Authorship" + spans();
    }
}
