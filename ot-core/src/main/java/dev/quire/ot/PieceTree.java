package dev.quire.ot;

import java.util.concurrent.ThreadLocalRandom;

/**
 * An operation as a persistent balanced tree of pieces, so that a small operation can be composed
 * into (or transformed against) a long one in time proportional to the small one plus the
 * logarithm of the long one's size, instead of a walk over every component. Internal; see
 * {@link LongOperations} for the algorithms and docs/decisions/014 for the choice.
 *
 * <p>A piece is a retain, a delete or a slice {@code text[from, from + length)} of an inserted
 * string, so splitting an insert copies no characters. The pieces are not canonical: adjacent
 * pieces of one kind are not merged and an insert may follow a delete; {@link #appendTo} feeds
 * them through a {@link ComponentBuffer}, which gives the canonical form. Each node carries
 * the base and target lengths of its subtree, so a position in either document is found in
 * O(log n).
 *
 * <p>The tree is a treap: search order by position, heap order by a random priority, which keeps
 * its expected depth logarithmic whatever the edits; split and merge copy only the nodes on one
 * path and share the rest. The shape (and so the priorities) never changes a result, only its
 * cost. A null tree is the empty operation. Immutable and safe to share between threads.
 */
final class PieceTree {
    static final int RETAIN = 1;
    static final int INSERT = 0;
    static final int DELETE = -1;

    /** Which document a position counts in: the one the operation applies to, or produces. */
    enum Axis {
        BASE,
        TARGET
    }

    /** Where a zero-width piece exactly at a split position goes. */
    enum Tie {
        LEFT,
        RIGHT
    }

    /** The two halves of a split; either may be null (empty). */
    record Split(PieceTree left, PieceTree right) {}

    final PieceTree left;
    final PieceTree right;
    final int priority;
    final int kind;
    final int length;
    // An insert's piece is text[from, from + length); null for retains and deletes.
    final String text;
    final int from;
    // Sums over the whole subtree.
    final int base;
    final int target;
    // The subtree's maximal runs of retains and of non-retains, and whether it starts and ends with
    // a retain: its canonical form has between runs and 2 * runs components, read in O(1).
    final int runs;
    final boolean firstRetain;
    final boolean lastRetain;

    private PieceTree(PieceTree left, PieceTree right, int priority, int kind, int length, String text, int from) {
        this.left = left;
        this.right = right;
        this.priority = priority;
        this.kind = kind;
        this.length = length;
        this.text = text;
        this.from = from;
        this.base = base(left) + (kind == INSERT ? 0 : length) + base(right);
        this.target = target(left) + (kind == DELETE ? 0 : length) + target(right);
        boolean retain = kind == RETAIN;
        this.runs = (left == null ? 0 : left.runs - (left.lastRetain == retain ? 1 : 0))
                + 1
                + (right == null ? 0 : right.runs - (right.firstRetain == retain ? 1 : 0));
        this.firstRetain = left == null ? retain : left.firstRetain;
        this.lastRetain = right == null ? retain : right.lastRetain;
    }

    private static PieceTree leaf(int kind, int length, String text, int from) {
        return new PieceTree(null, null, ThreadLocalRandom.current().nextInt(), kind, length, text, from);
    }

    /** This node's piece with other children (a path copy). */
    private PieceTree with(PieceTree newLeft, PieceTree newRight) {
        return new PieceTree(newLeft, newRight, priority, kind, length, text, from);
    }

    /** This node's piece cut to {@code [start, start + count)} of itself, with other children. */
    private PieceTree part(PieceTree newLeft, int start, int count, PieceTree newRight) {
        return new PieceTree(newLeft, newRight, priority, kind, count, text, text == null ? 0 : from + start);
    }

    static int base(PieceTree t) {
        return t == null ? 0 : t.base;
    }

    static int target(PieceTree t) {
        return t == null ? 0 : t.target;
    }

    private static int length(PieceTree t, Axis axis) {
        return axis == Axis.BASE ? base(t) : target(t);
    }

    private int width(Axis axis) {
        if (axis == Axis.BASE) {
            return kind == INSERT ? 0 : length;
        }
        return kind == DELETE ? 0 : length;
    }

    /** The pieces of a valid operation, in order. */
    static PieceTree of(TextOperation op) {
        PieceTree tree = null;
        for (int i = 0, n = op.size(); i < n; i++) {
            int code = op.code(i);
            PieceTree piece;
            if (code > 0) {
                piece = leaf(RETAIN, code, null, 0);
            } else if (code < 0) {
                piece = leaf(DELETE, -code, null, 0);
            } else {
                String s = op.textAt(i);
                piece = leaf(INSERT, s.length(), s, 0);
            }
            // A canonical operation already has its inserts before its deletes.
            tree = merge(tree, piece);
        }
        return tree;
    }

    /** The operation of {@code left} followed by the one of {@code right}. */
    static PieceTree merge(PieceTree left, PieceTree right) {
        if (left == null) {
            return right;
        }
        if (right == null) {
            return left;
        }
        if (left.priority >= right.priority) {
            return left.with(left.left, merge(left.right, right));
        }
        return right.with(merge(left, right.left), right.right);
    }

    /**
     * The operation of {@code left} followed by the one of {@code right}, keeping the order the
     * splits rely on: in every run of pieces without a retain, the inserts come before the deletes
     * (so an insert's base position is the canonical one). Only the seam can break it, when
     * {@code left} ends with deletes and {@code right} starts with inserts; those inserts then move
     * in front of the deletes, in O(log n).
     */
    static PieceTree join(PieceTree left, PieceTree right) {
        if (left == null || right == null || last(left).kind != DELETE || first(right).kind != INSERT) {
            return merge(left, right);
        }
        // Trailing deletes have no width in the target; leading inserts none in the base.
        Split deletes = split(left, left.target, Axis.TARGET, Tie.RIGHT);
        Split inserts = split(right, 0, Axis.BASE, Tie.LEFT);
        return merge(merge(deletes.left(), inserts.left()), merge(deletes.right(), inserts.right()));
    }

    private static PieceTree first(PieceTree t) {
        while (t.left != null) {
            t = t.left;
        }
        return t;
    }

    private static PieceTree last(PieceTree t) {
        while (t.right != null) {
            t = t.right;
        }
        return t;
    }

    /**
     * Cuts the pieces at {@code position} of {@code axis}: the left half spans exactly
     * {@code position} characters of that document. A piece across the cut is cut in two; a piece
     * of zero width there (an insert on the base axis, a delete on the target axis) goes to the
     * {@code tie} side.
     */
    static Split split(PieceTree t, int position, Axis axis, Tie tie) {
        if (t == null) {
            return new Split(null, null);
        }
        int start = length(t.left, axis);
        int width = t.width(axis);
        boolean goesLeft =
                width > 0 ? start + width <= position : start < position || (start == position && tie == Tie.LEFT);
        if (goesLeft) {
            Split rest = split(t.right, position - start - width, axis, tie);
            return new Split(t.with(t.left, rest.left()), rest.right());
        }
        boolean goesRight = width > 0 ? start >= position : true;
        if (goesRight) {
            Split rest = split(t.left, position, axis, tie);
            return new Split(rest.left(), t.with(rest.right(), t.right));
        }
        int cut = position - start;
        return new Split(t.part(t.left, 0, cut, null), t.part(null, cut, t.length - cut, t.right));
    }

    /**
     * The character at {@code position} of the target document if an insert piece produced it,
     * else -1 (it is a retained character of the base document, or the position is out of range).
     */
    static int insertedCharAt(PieceTree t, int position) {
        while (t != null) {
            int start = target(t.left);
            if (position < start) {
                t = t.left;
                continue;
            }
            int width = t.kind == DELETE ? 0 : t.length;
            if (position < start + width) {
                return t.kind == INSERT ? t.text.charAt(t.from + position - start) : -1;
            }
            position -= start + width;
            t = t.right;
        }
        return -1;
    }

    /** Appends every piece, in order, to {@code out}, which makes them canonical. */
    static void appendTo(PieceTree t, ComponentBuffer out) {
        while (t != null) {
            appendTo(t.left, out);
            if (t.kind == RETAIN) {
                out.retain(t.length);
            } else if (t.kind == DELETE) {
                out.delete(t.length);
            } else {
                out.insert(
                        t.from == 0 && t.length == t.text.length()
                                ? t.text
                                : t.text.substring(t.from, t.from + t.length));
            }
            // The right child in a loop, not a call: a run of merges leans the tree right.
            t = t.right;
        }
    }
}
