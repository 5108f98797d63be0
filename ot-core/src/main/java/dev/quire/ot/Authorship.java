package dev.quire.ot;

import java.util.ArrayList;
import java.util.List;
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
 * array moves per op, with a cursor that makes edits near the previous one cheap; typing inside a
 * span of the same author and time only lengthens it). One owner; not thread-safe. {@link #spans()} returns an immutable copy that may be handed to any thread.
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

    /** The runs, each a length and a stamp. */
    private final SpanBuffer runs;

    private Authorship() {
        runs = new SpanBuffer();
    }

    private Authorship(Authorship from) {
        runs = from.runs.copy();
    }

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
            a.runs.append(length, author, time);
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
        for (Span s : spans) {
            if (s.from() != a.runs.length()) {
                throw new IllegalArgumentException(
                        "Authorship.of: span " + s + " does not start at " + a.runs.length());
            }
            a.runs.append(s.length(), s.author(), s.time());
        }
        return a;
    }

    /**
     * The length of the text.
     *
     * @return the length of the text covered, in UTF-16 units
     */
    public int length() {
        return runs.length();
    }

    /**
     * The number of spans.
     *
     * @return how many spans there are
     */
    public int spanCount() {
        return runs.count();
    }

    /**
     * An independent copy (for a snapshot of the live one).
     *
     * @return a copy that later changes to this one do not touch
     */
    public Authorship copy() {
        return new Authorship(this);
    }

    /**
     * The spans.
     *
     * @return the spans in text order, covering {@code [0, length())}; an immutable list
     */
    public List<Span> spans() {
        int count = runs.count();
        List<Span> out = new ArrayList<>(count);
        int at = 0;
        for (int i = 0; i < count; i++) {
            int n = runs.runLength(i);
            out.add(new Span(at, at + n, runs.author(i), runs.time(i)));
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
        int length = runs.length();
        if (op.baseLength() != length) {
            throw wrongLength(op, length);
        }
        if (op.isSplice()) {
            // retain(pos) · insert · delete · retain, read from the op's fields without a walk of
            // its components. Deleting first, then inserting at pos, leaves the same spans.
            int pos = op.splicePos();
            int deleted = op.spliceDeleteCount();
            int inserted = op.targetLength() - length + deleted;
            runs.splice(pos, deleted, inserted, author, time);
            return;
        }
        applyComponents(op, author, time);
    }

    private void applyComponents(TextOperation op, String author, long time) {
        int pos = 0;
        for (int i = 0, n = op.size(); i < n; i++) {
            int code = op.code(i);
            if (code > 0) {
                pos += code;
            } else if (code < 0) {
                runs.splice(pos, -code, 0, author, time);
            } else {
                int k = op.textAt(i).length();
                runs.splice(pos, 0, k, author, time);
                pos += k;
            }
        }
    }

    private static InvalidOperationException wrongLength(TextOperation op, int length) {
        return new InvalidOperationException(
                "Authorship.apply: op.baseLength " + op.baseLength() + " != length " + length);
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
