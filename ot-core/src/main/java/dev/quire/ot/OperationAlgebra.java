package dev.quire.ot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compose and transform, the two hot paths of the algebra. Internal.
 *
 * <p>Both walk the two operations component by component. A component may be consumed in part:
 * {@code left1}/{@code left2} hold what is left of the current component of each side, and for an
 * insert {@code off} is how far into its text we are. Codes follow {@link TextOperation}: retain
 * &gt; 0, delete &lt; 0, insert == 0.
 */
final class OperationAlgebra {
    private OperationAlgebra() {}

    /**
     * Operations with this many components or more, or kept as a {@link PieceTree}, are long: a
     * short operation is composed into them or transformed against them by {@link LongOperations}.
     */
    static final int LONG = 32;

    /** Operations with at most this many components are short enough for {@link LongOperations}. */
    static final int SHORT = 16;

    static TextOperation compose(TextOperation first, TextOperation second) {
        if (first.targetLength() != second.baseLength()) {
            throw new InvalidOperationException("compose: first.targetLength " + first.targetLength()
                    + " != second.baseLength " + second.baseLength());
        }
        if (isShort(second) && isLongForCompose(first)) {
            TextOperation fast = LongOperations.compose(first, second);
            if (fast != null) {
                return fast;
            }
        }
        return composePlain(first, second);
    }

    static boolean isShort(TextOperation op) {
        return !op.hasPieces() && op.size() <= SHORT;
    }

    /**
     * Long for transform: many components. A tree with few runs (a buffer of typing in one place:
     * many pieces, one or three components) is not: the walk over its flat form is cheaper, and
     * its results stay flat.
     */
    static boolean isLong(TextOperation op) {
        return op.hasPieces() ? op.pieces().runs >= LONG / 2 : op.size() >= LONG;
    }

    // For compose, a tree is always long (flattening it costs its pieces), and so is a long
    // inserted text: the walk copies every character of it.
    private static boolean isLongForCompose(TextOperation op) {
        if (op.hasPieces() || isLong(op)) {
            return true;
        }
        int chars = 0;
        for (int i = 0, n = op.size(); i < n; i++) {
            if (op.code(i) == 0) {
                chars += op.textAt(i).length();
            }
        }
        return chars >= LONG_TEXT;
    }

    /** An operation inserting this many characters or more is long for compose. */
    static final int LONG_TEXT = 1024;

    /** The component walk, whatever the sizes; lengths must match (checked again here). */
    static TextOperation composePlain(TextOperation first, TextOperation second) {
        first = first.flat();
        second = second.flat();
        if (first.targetLength() != second.baseLength()) {
            throw new InvalidOperationException("compose: first.targetLength " + first.targetLength()
                    + " != second.baseLength " + second.baseLength());
        }
        int size1 = first.size();
        int size2 = second.size();
        ComponentBuffer out = new ComponentBuffer(size1 + size2 + 1);

        int i1 = 0;
        int i2 = 0;
        int left1 = size1 > 0 ? lengthOf(first, 0) : 0;
        int left2 = size2 > 0 ? lengthOf(second, 0) : 0;
        int off1 = 0;
        while (i1 < size1 || i2 < size2) {
            // A delete of the first operation happens before anything the second one does.
            if (i1 < size1 && first.code(i1) < 0) {
                out.delete(left1);
                left1 = ++i1 < size1 ? lengthOf(first, i1) : 0;
                off1 = 0;
                continue;
            }
            // An insert of the second operation does not touch the first one.
            if (i2 < size2 && second.code(i2) == 0) {
                out.insert(second.textAt(i2));
                left2 = ++i2 < size2 ? lengthOf(second, i2) : 0;
                continue;
            }
            if (i1 >= size1 || i2 >= size2) {
                // Unreachable for operations whose lengths matched; kept as a guard, not an assertion.
                throw new InvalidOperationException("compose: first.targetLength " + first.targetLength()
                        + " != second.baseLength " + second.baseLength());
            }
            int code1 = first.code(i1);
            int code2 = second.code(i2);
            int n = Math.min(left1, left2);
            if (code1 > 0) {
                if (code2 > 0) {
                    out.retain(n);
                } else {
                    out.delete(n);
                }
            } else {
                // code1 is an insert: the second retains (keeps) or deletes (drops) part of its text.
                String text = first.textAt(i1);
                int end = off1 + n;
                if (end < text.length()
                        && Character.isHighSurrogate(text.charAt(end - 1))
                        && Character.isLowSurrogate(text.charAt(end))) {
                    throw new InvalidOperationException("compose: second operation splits a surrogate pair"
                            + " inserted by the first at offset " + end + " of its text");
                }
                if (code2 > 0) {
                    out.insert(off1 == 0 && end == text.length() ? text : text.substring(off1, end));
                }
            }
            left1 -= n;
            left2 -= n;
            if (left1 == 0) {
                left1 = ++i1 < size1 ? lengthOf(first, i1) : 0;
                off1 = 0;
            } else if (code1 == 0) {
                off1 += n;
            }
            if (left2 == 0) {
                left2 = ++i2 < size2 ? lengthOf(second, i2) : 0;
            }
        }
        return out.build();
    }

    static TextOperation composeAll(List<TextOperation> operations) {
        Objects.requireNonNull(operations, "operations");
        if (operations.isEmpty()) {
            throw new InvalidOperationException("composeAll: expected at least one operation, found none");
        }
        List<TextOperation> level = new ArrayList<>(operations);
        Objects.requireNonNull(level.get(0), "operation");
        for (int i = 1; i < level.size(); i++) {
            TextOperation previous = Objects.requireNonNull(level.get(i - 1), "operation");
            TextOperation current = Objects.requireNonNull(level.get(i), "operation");
            if (previous.targetLength() != current.baseLength()) {
                throw new InvalidOperationException("composeAll: operation " + (i - 1) + " targetLength "
                        + previous.targetLength() + " != operation " + i + " baseLength "
                        + current.baseLength());
            }
        }
        // Pairwise rounds: each round halves the list, and each costs the total size of the list.
        while (level.size() > 1) {
            int n = level.size();
            List<TextOperation> next = new ArrayList<>((n + 1) / 2);
            for (int i = 0; i + 1 < n; i += 2) {
                // Neighbours of similar size: the walk, never the long-operation paths.
                next.add(composePlain(level.get(i), level.get(i + 1)));
            }
            if (n % 2 == 1) {
                next.add(level.get(n - 1));
            }
            level = next;
        }
        return level.get(0);
    }

    static Transformed transform(TextOperation a, TextOperation b) {
        if (a.baseLength() != b.baseLength()) {
            throw new InvalidOperationException(
                    "transform: a.baseLength " + a.baseLength() + " != b.baseLength " + b.baseLength());
        }
        if (a.isSplice() && b.isSplice()) {
            Transformed t = SpliceTransform.transform(a, b);
            if (t != null) {
                return t;
            }
        }
        if (isLong(a) && isShort(b)) {
            return LongOperations.transformLongShort(a, b);
        }
        if (isShort(a) && isLong(b)) {
            return LongOperations.transformShortLong(a, b);
        }
        return transformGeneral(a.flat(), b.flat());
    }

    /**
     * {@code transform(a, b).a()}, without {@code b}'s side when both are splices and a stays one
     * (the server's bridge needs only the submitted operation's side).
     */
    static TextOperation transformAgainst(TextOperation a, TextOperation b) {
        if (a.isSplice() && b.isSplice()) {
            if (a.baseLength() != b.baseLength()) {
                throw new InvalidOperationException(
                        "transform: a.baseLength " + a.baseLength() + " != b.baseLength " + b.baseLength());
            }
            TextOperation primeA = SpliceTransform.against(a, b, true);
            if (primeA != null) {
                return primeA;
            }
        }
        if ((isLong(a) && isShort(b)) || (isShort(a) && isLong(b))) {
            return transform(a, b).a();
        }
        if (a.baseLength() != b.baseLength()) {
            throw new InvalidOperationException(
                    "transform: a.baseLength " + a.baseLength() + " != b.baseLength " + b.baseLength());
        }
        return walk(a.flat(), b.flat(), null);
    }

    /**
     * {@code a} transformed against each of {@code ops} in turn, {@code a} first argument each time:
     * runs of splices move a splice without making an operation per step.
     */
    static TextOperation transformAgainstAll(TextOperation a, List<TextOperation> ops) {
        TextOperation moved = a;
        int i = 0;
        int n = ops.size();
        while (i < n) {
            if (moved.isSplice()) {
                SpliceTransform.Moved m = SpliceTransform.againstAll(moved, ops, i, n);
                moved = m.op();
                i = m.next();
                if (i == n) {
                    break;
                }
            }
            moved = transformAgainst(moved, ops.get(i));
            i++;
        }
        return moved;
    }

    /** {@link #transform} without the long-operation paths; base lengths already checked. */
    static Transformed transformPlain(TextOperation a, TextOperation b) {
        a = a.flat();
        b = b.flat();
        if (a.isSplice() && b.isSplice()) {
            Transformed t = SpliceTransform.transform(a, b);
            if (t != null) {
                return t;
            }
        }
        return transformGeneral(a, b);
    }

    /**
     * The general transform, for any two operations of equal base length (checked by the caller).
     * Package-private so that tests can compare {@link SpliceTransform} with it.
     */
    static Transformed transformGeneral(TextOperation a, TextOperation b) {
        // Each step of the walk emits at most one component to each side: sizeA + sizeB bounds both.
        ComponentBuffer primeB = new ComponentBuffer(a.size() + b.size());
        TextOperation primeA = walk(a, b, primeB);
        return new Transformed(primeA, primeB.build());
    }

    /**
     * The general walk of {@link #transformGeneral}: returns a's side, and writes b's side to
     * {@code primeB} unless it is null (the caller needs only a's).
     */
    static TextOperation walk(TextOperation a, TextOperation b, ComponentBuffer primeB) {
        int sizeA = a.size();
        int sizeB = b.size();
        ComponentBuffer primeA = new ComponentBuffer(sizeA + sizeB);
        boolean both = primeB != null;

        int ia = 0;
        int ib = 0;
        int leftA = sizeA > 0 ? lengthOf(a, 0) : 0;
        int leftB = sizeB > 0 ? lengthOf(b, 0) : 0;
        while (ia < sizeA || ib < sizeB) {
            // Inserts go first, a's before b's: that is the tie-break for two inserts at one place.
            if (ia < sizeA && a.code(ia) == 0) {
                primeA.insert(a.textAt(ia));
                if (both) {
                    primeB.retain(leftA);
                }
                leftA = ++ia < sizeA ? lengthOf(a, ia) : 0;
                continue;
            }
            if (ib < sizeB && b.code(ib) == 0) {
                primeA.retain(leftB);
                if (both) {
                    primeB.insert(b.textAt(ib));
                }
                leftB = ++ib < sizeB ? lengthOf(b, ib) : 0;
                continue;
            }
            if (ia >= sizeA || ib >= sizeB) {
                throw new InvalidOperationException(
                        "transform: a.baseLength " + a.baseLength() + " != b.baseLength " + b.baseLength());
            }
            int codeA = a.code(ia);
            int codeB = b.code(ib);
            int n = Math.min(leftA, leftB);
            if (codeA > 0 && codeB > 0) {
                primeA.retain(n);
                if (both) {
                    primeB.retain(n);
                }
            } else if (codeA < 0 && codeB > 0) {
                primeA.delete(n);
            } else if (codeA > 0 && both) {
                primeB.delete(n);
            }
            // Both delete the same characters: neither needs to any more.
            leftA -= n;
            leftB -= n;
            if (leftA == 0) {
                leftA = ++ia < sizeA ? lengthOf(a, ia) : 0;
            }
            if (leftB == 0) {
                leftB = ++ib < sizeB ? lengthOf(b, ib) : 0;
            }
        }
        return primeA.build();
    }

    private static int lengthOf(TextOperation op, int i) {
        int code = op.code(i);
        return code > 0 ? code : code < 0 ? -code : op.textAt(i).length();
    }
}
