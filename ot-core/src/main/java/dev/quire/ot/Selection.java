package dev.quire.ot;

import java.util.List;
import java.util.Objects;

/**
 * A user's selection: one or more ranges, each with an {@code anchor} (where it started) and a
 * {@code head} (where the cursor is). A cursor is a range whose anchor equals its head.
 *
 * <p>{@link #transform(TextOperation)} moves the selection through someone else's edit so that it
 * stays on the same characters: text inserted exactly at a position pushes it right, and a delete
 * around a position collapses it to the start of the delete.
 *
 * @param ranges the ranges, in the user's order; at least one
 */
public record Selection(List<Range> ranges) {

    /**
     * Copies the ranges and checks there is at least one.
     *
     * @param ranges the ranges, in the user's order
     * @throws IllegalArgumentException if there is no range
     */
    public Selection {
        ranges = List.copyOf(Objects.requireNonNull(ranges, "ranges"));
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("ranges: expected at least one range, found none");
        }
    }

    /**
     * A selection of one collapsed range (a cursor) at {@code position}.
     *
     * @param position the cursor's UTF-16 offset, &gt;= 0
     * @return the selection
     */
    public static Selection cursor(int position) {
        return new Selection(List.of(new Range(position, position)));
    }

    /**
     * A selection of one range.
     *
     * @param anchor where the selection started, &gt;= 0
     * @param head where the cursor is, &gt;= 0
     * @return the selection
     */
    public static Selection of(int anchor, int head) {
        return new Selection(List.of(new Range(anchor, head)));
    }

    /**
     * Returns this selection moved through {@code op}, which must apply to the document the
     * selection refers to.
     *
     * @param op an edit of the document the selection refers to
     * @return the moved selection
     * @throws InvalidOperationException if a position is beyond {@code op.baseLength()}
     */
    public Selection transform(TextOperation op) {
        Objects.requireNonNull(op, "op");
        Range[] moved = new Range[ranges.size()];
        for (int i = 0; i < moved.length; i++) {
            moved[i] = ranges.get(i).transform(op);
        }
        return new Selection(List.of(moved));
    }

    /**
     * One range of a selection.
     *
     * @param anchor where the selection started, a UTF-16 offset &gt;= 0
     * @param head where the cursor is, a UTF-16 offset &gt;= 0
     */
    public record Range(int anchor, int head) {
        /**
         * Checks that both positions are non-negative.
         *
         * @param anchor where the selection started
         * @param head where the cursor is
         * @throws IllegalArgumentException if a position is negative
         */
        public Range {
            if (anchor < 0) {
                throw new IllegalArgumentException("anchor: expected >= 0, found " + anchor);
            }
            if (head < 0) {
                throw new IllegalArgumentException("head: expected >= 0, found " + head);
            }
        }

        /**
         * Whether this range is a cursor.
         *
         * @return {@code anchor == head}
         */
        public boolean isCursor() {
            return anchor == head;
        }

        /**
         * Returns this range moved through {@code op}.
         *
         * @param op an edit of the document the range refers to
         * @return the moved range
         * @throws InvalidOperationException if a position is beyond {@code op.baseLength()}
         */
        public Range transform(TextOperation op) {
            int newAnchor = op.transformPosition(anchor);
            return new Range(newAnchor, anchor == head ? newAnchor : op.transformPosition(head));
        }
    }
}
