package dev.quire.ot;

import dev.quire.ot.PieceTree.Axis;
import dev.quire.ot.PieceTree.Split;
import dev.quire.ot.PieceTree.Tie;

/**
 * Compose and transform of a long operation with a short one, in time proportional to the short
 * one (plus O(log n) in the long one), on the long one's {@link PieceTree}. Internal; {@link
 * OperationAlgebra} chooses these when one side is long and the other short, and tests compare
 * them with its plain walk on random operations.
 *
 * <p>The short operation is {@code retain(p) · middle · retain(r)}, its middle starting and ending
 * with something other than a retain and spanning {@code d} characters of its base document. Only
 * the long operation's pieces inside that span meet it:
 *
 * <pre>
 *   long     [ prefix: p chars  |  middle: d chars  |  suffix: r chars ]
 *   short      retain(p)          middle              retain(r)
 *   result   [ prefix, shared   | plain walk of the  | suffix, shared   ]
 *                                 two middles
 * </pre>
 *
 * <p>The prefix and suffix are kept, not walked; the two middles go through the plain algorithm,
 * so every tie and error is the plain walk's. Where the cut could make a difference, the cut
 * follows the walk's order: in a transform, an insert of {@code a} at the place where {@code b}'s
 * middle starts or ends goes first, so it stays with {@code a}'s side of the cut
 * (docs/decisions/014 has the argument). Whenever a fast path meets something it does not handle
 * (a cut inside a surrogate pair, an error), it returns null and the plain walk runs, with its
 * exact messages.
 */
final class LongOperations {
    private LongOperations() {}

    /** The span of a short operation's middle: components [first, last], base [pos, pos + span). */
    private record Middle(int first, int last, int pos, int span) {
        static Middle of(TextOperation op) {
            int n = op.size();
            int first = 0;
            while (first < n && op.code(first) > 0) {
                first++;
            }
            if (first == n) {
                return null;
            }
            int last = n - 1;
            while (op.code(last) > 0) {
                last--;
            }
            int pos = first > 0 ? op.code(0) : 0;
            int after = last < n - 1 ? op.code(n - 1) : 0;
            return new Middle(first, last, pos, op.baseLength() - pos - after);
        }

        TextOperation operation(TextOperation op) {
            ComponentBuffer out = new ComponentBuffer(last - first + 2);
            for (int i = first; i <= last; i++) {
                int code = op.code(i);
                if (code > 0) {
                    out.retain(code);
                } else if (code < 0) {
                    out.delete(-code);
                } else {
                    out.insert(op.textAt(i));
                }
            }
            return out.build();
        }
    }

    /**
     * {@code first} (long) then {@code second} (short), lengths already checked; null when the
     * plain walk must decide.
     */
    static TextOperation compose(TextOperation first, TextOperation second) {
        Middle middle = Middle.of(second);
        if (middle == null) {
            return first;
        }
        PieceTree tree = first.pieces();
        int start = middle.pos();
        int end = start + middle.span();
        if (splitsPair(tree, start) || splitsPair(tree, end)) {
            return null;
        }
        Split before = PieceTree.split(tree, start, Axis.TARGET, Tie.LEFT);
        Split inside = PieceTree.split(before.right(), middle.span(), Axis.TARGET, Tie.LEFT);
        TextOperation composed;
        try {
            composed = OperationAlgebra.composePlain(TextOperation.of(inside.left()), middle.operation(second));
        } catch (InvalidOperationException e) {
            return null;
        }
        return TextOperation.of(PieceTree.join(PieceTree.join(before.left(), PieceTree.of(composed)), inside.right()));
    }

    // A cut of the target document between two inserted halves of a surrogate pair: the plain
    // walk throws there, with the offset in the first operation's component.
    private static boolean splitsPair(PieceTree tree, int position) {
        if (position == 0) {
            return false;
        }
        int before = PieceTree.insertedCharAt(tree, position - 1);
        int after = PieceTree.insertedCharAt(tree, position);
        return before >= 0
                && after >= 0
                && Character.isHighSurrogate((char) before)
                && Character.isLowSurrogate((char) after);
    }

    /** {@code transform(a, b)} for a long {@code a} and a short {@code b}, base lengths checked. */
    static Transformed transformLongShort(TextOperation a, TextOperation b) {
        Middle middle = Middle.of(b);
        if (middle == null) {
            return new Transformed(a, TextOperation.identity(a.targetLength()));
        }
        // a's inserts where b's middle starts or ends come first: they stay on a's side (LEFT).
        Split before = PieceTree.split(a.pieces(), middle.pos(), Axis.BASE, Tie.LEFT);
        Split inside = PieceTree.split(before.right(), middle.span(), Axis.BASE, Tie.LEFT);
        Transformed t = OperationAlgebra.transformPlain(TextOperation.of(inside.left()), middle.operation(b));
        TextOperation primeA =
                TextOperation.of(PieceTree.join(PieceTree.join(before.left(), PieceTree.of(t.a())), inside.right()));
        TextOperation primeB = around(PieceTree.target(before.left()), t.b(), PieceTree.target(inside.right()));
        return new Transformed(primeA, primeB);
    }

    /** {@code transform(a, b)} for a short {@code a} and a long {@code b}, base lengths checked. */
    static Transformed transformShortLong(TextOperation a, TextOperation b) {
        Middle middle = Middle.of(a);
        if (middle == null) {
            return new Transformed(TextOperation.identity(b.targetLength()), b);
        }
        // b's inserts where a's middle starts go after a's (RIGHT), so the walk sees them; at its
        // end they follow everything a does either way.
        Split before = PieceTree.split(b.pieces(), middle.pos(), Axis.BASE, Tie.RIGHT);
        Split inside = PieceTree.split(before.right(), middle.span(), Axis.BASE, Tie.RIGHT);
        Transformed t = OperationAlgebra.transformPlain(middle.operation(a), TextOperation.of(inside.left()));
        TextOperation primeA = around(PieceTree.target(before.left()), t.a(), PieceTree.target(inside.right()));
        TextOperation primeB =
                TextOperation.of(PieceTree.join(PieceTree.join(before.left(), PieceTree.of(t.b())), inside.right()));
        return new Transformed(primeA, primeB);
    }

    /** {@code retain(before) · op · retain(after)}. */
    private static TextOperation around(int before, TextOperation op, int after) {
        ComponentBuffer out = new ComponentBuffer(op.size() + 2);
        if (before > 0) {
            out.retain(before);
        }
        for (int i = 0, n = op.size(); i < n; i++) {
            int code = op.code(i);
            if (code > 0) {
                out.retain(code);
            } else if (code < 0) {
                out.delete(-code);
            } else {
                out.insert(op.textAt(i));
            }
        }
        if (after > 0) {
            out.retain(after);
        }
        return out.build();
    }
}
