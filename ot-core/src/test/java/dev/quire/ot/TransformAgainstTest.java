package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.testing.Model;
import dev.quire.ot.testing.Model.Edit;
import dev.quire.ot.testing.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-sided transforms the server moves a submitted operation with ({@link
 * TextOperation#transformAgainst}, {@link TextOperation#transformAgainstAll}, decision 055) against
 * the two-sided {@link TextOperation#transform} they stand for. Replay a failure with the seed it
 * prints: {@code mvn -B -pl ot-core verify -Dtest=TransformAgainstTest -Dquire.seed=N
 * -Dquire.iterations=1}.
 */
public class TransformAgainstTest {
    static TextOperation op(Object... json) {
        return TextOperation.fromJson(List.of(json));
    }

    /** A splice (typing), a few scattered changes, or a long operation (a client's buffer). */
    public static TextOperation randomOp(Random r, List<String> doc) {
        return switch (r.nextInt(6)) {
            case 0, 1, 2 -> SpliceTransformTest.randomSplice(r, doc);
            case 3 -> Model.randomEdit(r, doc).toOperation(doc);
            default ->
                LongOperationsTest.scattered(r, doc, r.nextInt(2) == 0 ? 0.05 : 0.3)
                        .toOperation(doc);
        };
    }

    static void assertSameOperation(TextOperation expected, TextOperation actual) {
        SpliceTransformTest.assertSameOperation(expected, actual);
        assertEquals(expected.isSplice(), actual.isSplice(), "form of " + actual);
    }

    @Test
    void transformAgainstIsTheFirstSideOfTransform() {
        Property.check("transformAgainst == transform(a, b).a()", 2000, r -> {
            List<String> doc = Model.randomDoc(r, r.nextInt(4) == 0 ? 120 : 8);
            TextOperation a = randomOp(r, doc);
            TextOperation b = randomOp(r, doc);
            assertSameOperation(TextOperation.transform(a, b).a(), TextOperation.transformAgainst(a, b));
        });
    }

    @Test
    void transformAgainstAllIsTheFoldOfTransform() {
        int[] steps = new int[2]; // splice steps, other steps
        Property.check("transformAgainstAll == fold of transform(a, op).a()", 1000, r -> {
            List<String> doc = Model.randomDoc(r, r.nextInt(4) == 0 ? 80 : 8);
            TextOperation a = randomOp(r, doc);
            // Typing most of the time, so that long runs of splices move a splice; now and then
            // something else, which breaks a run.
            boolean typing = r.nextBoolean();
            List<TextOperation> ops = new ArrayList<>();
            List<String> now = doc;
            for (int i = 0, n = r.nextInt(12); i < n; i++) {
                Edit e;
                if (typing && r.nextInt(8) > 0) {
                    TextOperation s = SpliceTransformTest.randomSplice(r, now);
                    ops.add(s);
                    now = Model.codePoints(s.apply(Model.text(now)));
                    continue;
                }
                e = r.nextBoolean() ? Model.randomEdit(r, now) : LongOperationsTest.scattered(r, now, 0.2);
                ops.add(e.toOperation(now));
                now = e.applyTo(now);
            }
            TextOperation folded = a;
            for (TextOperation o : ops) {
                steps[folded.isSplice() && o.isSplice() ? 0 : 1]++;
                folded = TextOperation.transform(folded, o).a();
            }
            TextOperation moved = TextOperation.transformAgainstAll(a, ops);
            assertSameOperation(folded, moved);
            assertEquals(Model.text(now).length(), moved.baseLength());
        });
        System.out.println("[transformAgainstAll] splice steps " + steps[0] + ", other steps " + steps[1]);
        assertTrue(steps[0] > 0 && steps[1] > 0, steps[0] + " splice steps, " + steps[1] + " others");
    }

    @Test
    void aRunOfTypingMovesAnInsertTheWayTransformDoes() {
        // "abc": others type "X" at 1, then "Y" at 1 (before X), then delete "b"; a inserts "!" at 1.
        List<TextOperation> ops = List.of(op(1, "X", 2), op(1, "Y", 3), op(3, -1, 1));
        TextOperation moved = TextOperation.transformAgainstAll(op(1, "!", 2), ops);
        assertEquals(op(1, "!", 3), moved);
        assertEquals("a!YXc", moved.apply("aYXc"));
    }

    @Test
    void anInsertStrictlyInsideADeleteLeavesTheSpliceForm() {
        // a deletes "bcde"; the first op inserts "Y" inside it, so a' is not a single splice any more
        // and the rest of the run goes through the general walk.
        List<TextOperation> ops = List.of(op(3, "Y", 3), op("Z", 7));
        TextOperation moved = TextOperation.transformAgainstAll(op(1, -4, 1), ops);
        assertEquals(op(2, -2, 1, -2, 1), moved);
        assertEquals("ZaYf", moved.apply("Zabc" + "Y" + "def"));
    }

    @Test
    void aMismatchedLengthNamesBothLengths() {
        InvalidOperationException x = assertThrows(
                InvalidOperationException.class,
                () -> TextOperation.transformAgainstAll(op(1, "!", 2), List.of(op(3, "X"), op(9, "Y"))));
        assertEquals("transform: a.baseLength 4 != b.baseLength 9", x.getMessage());
        InvalidOperationException y = assertThrows(
                InvalidOperationException.class, () -> TextOperation.transformAgainst(op(1, "!", 2), op(5, "X")));
        assertEquals("transform: a.baseLength 3 != b.baseLength 5", y.getMessage());
    }

    @Test
    void noOpsLeavesTheOperation() {
        TextOperation a = op(1, "!", 2);
        assertTrue(a == TextOperation.transformAgainstAll(a, List.of()));
    }
}
