package dev.quire.ot;

import java.util.ArrayList;
import java.util.Arrays;
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

    private int[] lengths = new int[8];
    private int[] authors = new int[8];
    private long[] times = new long[8];
    private int runs;
    private int length;
    /** Interned authors: an author's index in this list is what {@link #authors} holds. */
    private final List<String> names = new ArrayList<>();

    private final Map<String, Integer> nameIndex = new HashMap<>();
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
            a.insertRun(0, length, a.intern(author), time);
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
            a.insertRun(a.runs, s.length(), a.intern(s.author()), s.time());
            a.mergeAt(a.runs - 1);
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
        return runs;
    }

    /**
     * An independent copy (for a snapshot of the live one).
     *
     * @return a copy that later changes to this one do not touch
     */
    public Authorship copy() {
        Authorship a = new Authorship();
        a.lengths = Arrays.copyOf(lengths, Math.max(8, runs));
        a.authors = Arrays.copyOf(authors, Math.max(8, runs));
        a.times = Arrays.copyOf(times, Math.max(8, runs));
        a.runs = runs;
        a.length = length;
        a.names.addAll(names);
        a.nameIndex.putAll(nameIndex);
        return a;
    }

    /**
     * The spans.
     *
     * @return the spans in text order, covering {@code [0, length())}; an immutable list
     */
    public List<Span> spans() {
        List<Span> out = new ArrayList<>(runs);
        int at = 0;
        for (int i = 0; i < runs; i++) {
            out.add(new Span(at, at + lengths[i], names.get(authors[i]), times[i]));
            at += lengths[i];
        }
        return List.copyOf(out);
    }

    /**
     * Applies {@code op}: its inserts become {@code author}'s at {@code time}.
     *
     * @param op     an op on the text this authorship covers
     * @param author who made it
     * @param time   when
     *
     * @throws InvalidOperationException if {@code op.baseLength()} is not {@link #length()}
     */
    public void apply(TextOperation op, String author, long time) {
        Objects.requireNonNull(author, "author");
        if (op.baseLength() != length) {
            throw new InvalidOperationException(
                    "Authorship.apply: op.baseLength " + op.baseLength() + " != length " + length);
        }
        int who = -1;
        int pos = 0;
        int n = op.componentCount();
        for (int i = 0; i < n; i++) {
            int k = op.length(i);
            if (op.isRetain(i)) {
                pos += k;
            } else if (op.isDelete(i)) {
                delete(pos, k);
            } else {
                if (who < 0) {
                    who = intern(author);
                }
                insert(pos, k, who, time);
                pos += k;
            }
        }
    }

    private void insert(int pos, int k, int who, long time) {
        if (extend(pos, k, who, time)) {
            length += k;
            return;
        }
        int at = split(pos);
        hintRun = at;
        hintStart = pos;
        insertRun(at, k, who, time);
        length += k;
        mergeAt(at + 1);
        mergeAt(at);
    }

    /**
     * The fast path of typing: text inserted inside, or at the end of, a run of the same author and
     * time only makes that run longer.
     */
    private boolean extend(int pos, int k, int who, long time) {
        if (runs == 0) {
            return false;
        }
        if (pos == length) {
            int last = runs - 1;
            if (authors[last] != who || times[last] != time) {
                return false;
            }
            lengths[last] += k;
            if (hintRun == runs) {
                hintStart += k;
            }
            return true;
        }
        int i = locate(pos);
        if (pos > hintStart && authors[i] == who && times[i] == time) {
            lengths[i] += k;
            return true;
        }
        if (pos == hintStart && i > 0 && authors[i - 1] == who && times[i - 1] == time) {
            lengths[i - 1] += k;
            hintStart += k;
            return true;
        }
        return false;
    }

    private void delete(int pos, int k) {
        int i = locate(pos);
        int end = hintStart + lengths[i];
        if (pos + k < end || (pos + k == end && pos > hintStart)) {
            // Inside one run, which keeps some of its text: it only gets shorter.
            lengths[i] -= k;
            length -= k;
            return;
        }
        int a = split(pos);
        int b = split(pos + k);
        System.arraycopy(lengths, b, lengths, a, runs - b);
        System.arraycopy(authors, b, authors, a, runs - b);
        System.arraycopy(times, b, times, a, runs - b);
        runs -= b - a;
        length -= k;
        hintRun = a;
        hintStart = pos;
        mergeAt(a);
    }

    /**
     * Merges run {@code i} into run {@code i - 1} when they have the same author and time.
     *
     * <p>The hint invariant, kept by every change: {@code hintStart} is the sum of the lengths of
     * the runs before {@code hintRun}, and {@code 0 <= hintRun <= runs}.
     */
    private void mergeAt(int i) {
        if (i <= 0 || i >= runs || authors[i] != authors[i - 1] || times[i] != times[i - 1]) {
            return;
        }
        if (hintRun == i) {
            hintRun = i - 1;
            hintStart -= lengths[i - 1];
        } else if (hintRun > i) {
            hintRun--;
        }
        lengths[i - 1] += lengths[i];
        System.arraycopy(lengths, i + 1, lengths, i, runs - i - 1);
        System.arraycopy(authors, i + 1, authors, i, runs - i - 1);
        System.arraycopy(times, i + 1, times, i, runs - i - 1);
        runs--;
    }

    /**
     * Makes a run boundary at {@code pos} and returns the index of the run that starts there
     * ({@code runs} when pos is the end).
     */
    private int split(int pos) {
        if (pos == length) {
            return runs;
        }
        int i = locate(pos);
        if (hintStart == pos) {
            return i;
        }
        int left = pos - hintStart;
        // The right part becomes run i + 1; runs after i move up by one, the hint (at i) stays valid.
        insertRun(i + 1, lengths[i] - left, authors[i], times[i]);
        lengths[i] = left;
        hintRun = i + 1;
        hintStart = pos;
        return i + 1;
    }

    /** The run containing offset {@code pos} (&lt; length); leaves the hint at it. */
    private int locate(int pos) {
        int i = hintRun;
        int start = hintStart;
        if (i == runs) {
            i--;
            start -= lengths[i];
        }
        while (pos < start) {
            i--;
            start -= lengths[i];
        }
        while (pos >= start + lengths[i]) {
            start += lengths[i];
            i++;
        }
        hintRun = i;
        hintStart = start;
        return i;
    }

    private void insertRun(int at, int k, int who, long time) {
        if (runs == lengths.length) {
            int capacity = runs * 2;
            lengths = Arrays.copyOf(lengths, capacity);
            authors = Arrays.copyOf(authors, capacity);
            times = Arrays.copyOf(times, capacity);
        }
        System.arraycopy(lengths, at, lengths, at + 1, runs - at);
        System.arraycopy(authors, at, authors, at + 1, runs - at);
        System.arraycopy(times, at, times, at + 1, runs - at);
        lengths[at] = k;
        authors[at] = who;
        times[at] = time;
        runs++;
    }

    private int intern(String author) {
        Integer i = nameIndex.get(author);
        if (i == null) {
            i = names.size();
            names.add(author);
            nameIndex.put(author, i);
        }
        return i;
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
