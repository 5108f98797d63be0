package dev.quire.ot;

import java.util.List;

/**
 * {@code transform} for the commonest pair, two single splices (what typing produces), computed
 * from the splices' fields without a walk or builders: the results are two operations in the
 * splice form and the {@link Transformed}, three objects. Internal; {@link OperationAlgebra}
 * falls back to its general walk when a result would not be a single splice. Tests compare the
 * two on random pairs.
 *
 * <p>A splice x is {@code retain(px) · insert(nx chars) · delete(dx) · retain(rest)}: an insert
 * at the point px and a deletion of the range [px, ex), ex = px + dx. Transformed against a
 * splice y, x keeps its insert and the characters of its range that y does not delete, and
 * each of these lands before or after y's insert:
 *
 * <pre>
 *   base      0 ....... px ======= ex ...........   x: insert at px, delete [px, ex)
 *             0 ............. py ===== ey .......   y: insert at py, delete [py, ey)
 *   x'        retain ... insert, delete [px, py) | y's insert | delete [ey, ex) ... retain
 *                        &lt;---- before y's insert ---&gt;            &lt;----- after -----&gt;
 * </pre>
 *
 * <p>x' is a single splice unless y inserts text and x has something on both sides of it (the
 * diagram's case, or x's insert and deletion both at py when x wins the tie); then x' needs a
 * retain of y's text in the middle, and the general walk builds it. At one place, a's insert
 * goes before b's, as in the general walk.
 */
final class SpliceTransform {
    private SpliceTransform() {}

    /**
     * Transforms two splice-form operations of equal base length; returns null when either result
     * is not a single splice (or its length would overflow int), for the general walk to handle.
     */
    static Transformed transform(TextOperation a, TextOperation b) {
        TextOperation primeA = against(a, b, true);
        if (primeA == null) {
            return null;
        }
        TextOperation primeB = against(b, a, false);
        if (primeB == null) {
            return null;
        }
        return new Transformed(primeA, primeB);
    }

    /**
     * {@code x} moved past each of {@code ys[from]} ... {@code ys[to - 1]} in turn, x winning ties
     * ({@code transform(x, y).a()} folded), while both sides are splices: the fields are carried in
     * locals and one operation is made at the end, not one per step. Returns where it stopped, with
     * x as moved up to there: at {@code to}, or at the first y that is not a splice or against which
     * x would not stay a single splice (for the caller to take that step with the general walk).
     * Base lengths are checked as {@link OperationAlgebra#transform} checks them.
     */
    static Moved againstAll(TextOperation x, List<TextOperation> ys, int from, int to) {
        int px = x.splicePos();
        int dx = x.spliceDeleteCount();
        int nx = x.targetLength() - x.baseLength() + dx;
        int baseX = x.baseLength();
        int i = from;
        for (; i < to; i++) {
            TextOperation y = ys.get(i);
            if (y.baseLength() != baseX) {
                throw new InvalidOperationException(
                        "transform: a.baseLength " + baseX + " != b.baseLength " + y.baseLength());
            }
            if (!y.isSplice()) {
                break;
            }
            int py = y.splicePos();
            int dy = y.spliceDeleteCount();
            int ey = py + dy;
            int ny = y.targetLength() - y.baseLength() + dy;
            int ex = px + dx;
            boolean insertBefore = px <= py;
            int deleteBefore = Math.max(0, Math.min(ex, py) - px);
            int deleteAfter = Math.max(0, ex - Math.max(px, ey));
            boolean before = nx > 0 ? insertBefore : deleteBefore > 0;
            boolean after = (nx > 0 && !insertBefore) || deleteAfter > 0;
            int deleteCount = deleteBefore + deleteAfter;
            int baseLength = y.targetLength();
            if ((ny > 0 && before && after) || (long) baseLength + nx - deleteCount > Integer.MAX_VALUE) {
                break;
            }
            px = before ? px : Math.max(px, ey) - dy + ny;
            dx = deleteCount;
            baseX = baseLength;
        }
        if (i == from) {
            return new Moved(x, i);
        }
        return new Moved(TextOperation.splice(px, x.spliceInsertText(), dx, baseX, baseX + nx - dx), i);
    }

    /** An operation moved past {@code ys} up to (not including) index {@code next}. */
    record Moved(TextOperation op, int next) {}

    /** x rewritten to apply after y; xFirst says whether x's insert wins a tie with y's. */
    static TextOperation against(TextOperation x, TextOperation y, boolean xFirst) {
        int px = x.splicePos();
        int dx = x.spliceDeleteCount();
        int ex = px + dx;
        // Insert lengths come from the lengths, so the texts themselves are never read.
        int nx = x.targetLength() - x.baseLength() + dx;
        int py = y.splicePos();
        int dy = y.spliceDeleteCount();
        int ey = py + dy;
        int ny = y.targetLength() - y.baseLength() + dy;

        boolean insertBefore = px < py || (px == py && xFirst);
        // x's range minus y's range [py, ey): the part left of y's insert, and the part right of it.
        int deleteBefore = Math.max(0, Math.min(ex, py) - px);
        int deleteAfter = Math.max(0, ex - Math.max(px, ey));
        boolean before = nx > 0 ? insertBefore : deleteBefore > 0;
        boolean after = (nx > 0 && !insertBefore) || deleteAfter > 0;
        if (ny > 0 && before && after) {
            return null;
        }
        // Left of y's insert nothing has moved; right of it, y's text came in and its range went.
        int pos = before ? px : Math.max(px, ey) - dy + ny;
        int deleteCount = deleteBefore + deleteAfter;
        int baseLength = y.targetLength();
        long targetLength = (long) baseLength + nx - deleteCount;
        if (targetLength > Integer.MAX_VALUE) {
            return null;
        }
        return TextOperation.splice(pos, x.spliceInsertText(), deleteCount, baseLength, (int) targetLength);
    }
}
