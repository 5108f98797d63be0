package dev.quire.ot;

import java.util.Objects;

/**
 * A range of the document that moves with every edit: the anchor of a comment (and, later, of a
 * suggestion). Unlike a {@link Selection.Range} it has no direction: {@code start <= end} always.
 *
 * <p>The rule for inserts exactly at an endpoint, chosen so that typing next to a commented
 * passage never grows the comment (as in Google Docs and Word):
 *
 * <pre>
 *   before:        abc[def]ghi        range [3, 6)
 *   insert X at 3: abcX[def]ghi       the start moves right: X is outside
 *   insert Y at 6: abc[def]Yghi       the end stays: Y is outside
 *   insert Z at 4: abc[dZef]ghi       strictly inside: Z is inside
 * </pre>
 *
 * <p>So {@code start} moves like a cursor ({@link TextOperation#transformPosition}: an insert at
 * it lands before it) and {@code end} stays before text inserted at it. A delete around an
 * endpoint moves it to the start of the delete; a range whose text is deleted entirely collapses
 * ({@code start == end}) and is kept: it is shown as "on deleted text", never dropped. A
 * collapsed range behaves as a cursor: text inserted at it pushes it right and stays outside.
 *
 * <p>Transforming is monotone: if two ranges' starts are in order before an edit, they are in
 * order after it, and so are the ends of two ranges that cover text. It is not convergent: two
 * concurrent edits {@code a} and {@code b} can move a range to different places through
 * {@code a} then {@code b'} and through {@code b} then {@code a'} (a delete that collapses an end
 * loses which side of it a concurrent insert was on). So ranges are moved through the ops in the
 * server's order only, by the server and by every client alike (see {@code docs/collaboration.md}).
 *
 * @param start the first UTF-16 offset of the range, &gt;= 0
 * @param end the offset just past the range, &gt;= start
 */
public record AnchoredRange(int start, int end) {
    /**
     * Checks that {@code 0 <= start <= end}.
     *
     * @param start the first offset
     * @param end the offset just past the range
     * @throws IllegalArgumentException if {@code start < 0} or {@code end < start}
     */
    public AnchoredRange {
        if (start < 0) {
            throw new IllegalArgumentException("start: expected >= 0, found " + start);
        }
        if (end < start) {
            throw new IllegalArgumentException("end: expected >= start " + start + ", found " + end);
        }
    }

    /**
     * Whether the range is empty: its text was deleted (or it was created empty).
     *
     * @return {@code start == end}
     */
    public boolean isCollapsed() {
        return start == end;
    }

    /**
     * The number of UTF-16 code units the range covers.
     *
     * @return {@code end - start}
     */
    public int length() {
        return end - start;
    }

    /**
     * Returns this range moved through {@code op}, which must apply to the document the range
     * refers to.
     *
     * @param op an edit of the document the range refers to
     * @return the moved range
     * @throws InvalidOperationException if {@code end} is beyond {@code op.baseLength()}
     */
    public AnchoredRange transform(TextOperation op) {
        Objects.requireNonNull(op, "op");
        if (end > op.baseLength()) {
            throw new InvalidOperationException(
                    "AnchoredRange.transform: end " + end + " out of range [0, " + op.baseLength() + "]");
        }
        int newStart = op.transformPosition(start);
        // Only a collapsed range can have its start pushed past its end (text inserted at it):
        // it then stays collapsed, after the insert, like a cursor.
        return new AnchoredRange(newStart, Math.max(newStart, stayBefore(op, end)));
    }

    /** Where {@code position} lands when text inserted exactly at it goes after it. */
    private static int stayBefore(TextOperation op, int position) {
        int remaining = position;
        int result = position;
        int size = op.size();
        for (int i = 0; i < size && remaining > 0; i++) {
            int code = op.code(i);
            if (code > 0) {
                remaining -= code;
            } else if (code < 0) {
                result -= Math.min(remaining, -code);
                remaining += code;
            } else {
                result += op.textAt(i).length();
            }
        }
        return result;
    }

    /**
     * The text this range covers in {@code document}.
     *
     * @param document the text the range refers to
     * @return {@code document.substring(start, end)}
     * @throws IllegalArgumentException if {@code end} is beyond the document
     */
    public String textIn(String document) {
        if (end > document.length()) {
            throw new IllegalArgumentException(
                    "textIn: end " + end + " is beyond document length " + document.length());
        }
        return document.substring(start, end);
    }
}
