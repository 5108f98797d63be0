package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.testing.Model;
import dev.quire.ot.testing.Property;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path for two single splices ({@link SpliceTransform}) against the general walk
 * ({@link OperationAlgebra#transformGeneral}), and the splice form of {@link TextOperation}
 * against the array form. Replay a failure with the seed it prints:
 * {@code mvn -B -pl ot-core verify -Dtest=SpliceTransformTest -Dquire.seed=N -Dquire.iterations=1}.
 */
class SpliceTransformTest {
    static TextOperation op(Object... json) {
        return TextOperation.fromJson(List.of(json));
    }

    /** A random single splice of doc, on code-point boundaries; small docs make ties common. */
    static TextOperation randomSplice(Random r, List<String> doc) {
        int n = doc.size();
        int pos = r.nextInt(n + 1);
        int deleted = r.nextInt(3) == 0 ? 0 : r.nextInt(n - pos + 1);
        String text = r.nextInt(3) == 0 ? "" : Model.randomText(r, 3);
        return TextOperation.builder()
                .retain(Model.units(doc, pos))
                .insert(text)
                .delete(Model.units(doc, pos + deleted) - Model.units(doc, pos))
                .retain(Model.units(doc, n) - Model.units(doc, pos + deleted))
                .build();
    }

    /** The same operation in the array form, whatever form op has. */
    static TextOperation inArrays(TextOperation op) {
        int size = op.componentCount();
        int[] codes = new int[size];
        String[] texts = new String[size];
        for (int i = 0; i < size; i++) {
            codes[i] = op.isRetain(i) ? op.length(i) : op.isDelete(i) ? -op.length(i) : 0;
            texts[i] = op.isInsert(i) ? op.text(i) : null;
        }
        return new TextOperation(codes, texts, size, op.baseLength(), op.targetLength());
    }

    static void assertSameOperation(TextOperation expected, TextOperation actual) {
        assertEquals(expected, actual);
        assertEquals(expected.hashCode(), actual.hashCode());
        assertEquals(expected.toString(), actual.toString());
        assertEquals(expected.toJson(), actual.toJson());
        assertEquals(expected.baseLength(), actual.baseLength());
        assertEquals(expected.targetLength(), actual.targetLength());
        assertEquals(expected.componentCount(), actual.componentCount());
    }

    @Test
    void fastPathEqualsTheGeneralWalkOnRandomSplicePairs() {
        int[] fast = new int[1];
        int[] fallBack = new int[1];
        Property.check("splice transform vs general walk", 2000, r -> {
            List<String> doc = Model.randomDoc(r, r.nextInt(4) == 0 ? 40 : 6);
            TextOperation a = randomSplice(r, doc);
            TextOperation b = randomSplice(r, doc);
            assertTrue(a.isSplice() && b.isSplice(), "the builder keeps single splices in fields");
            Transformed general = OperationAlgebra.transformGeneral(a, b);
            Transformed spliced = SpliceTransform.transform(a, b);
            // The fast path gives up exactly when a result is not a single splice.
            assertEquals(
                    general.a().isSplice() && general.b().isSplice(),
                    spliced != null,
                    "a=" + a + " b=" + b + " general=" + general);
            if (spliced == null) {
                fallBack[0]++;
            } else {
                fast[0]++;
                assertSameOperation(general.a(), spliced.a());
                assertSameOperation(general.b(), spliced.b());
            }
            assertEquals(general, TextOperation.transform(a, b));
        });
        System.out.println("[splice] fast path " + fast[0] + ", fell back " + fallBack[0]);
        if (fast[0] + fallBack[0] >= 1000) {
            // Both paths must have been exercised, or the comparison proves little.
            assertTrue(fast[0] > 0 && fallBack[0] > 0, fast[0] + " fast, " + fallBack[0] + " fell back");
        }
    }

    @Test
    void insertsAtOnePlace_aGoesFirst() {
        Transformed t = SpliceTransform.transform(op(2, "X", 4), op(2, "Y", 4));
        assertNotNull(t);
        assertEquals(op(2, "X", 5), t.a());
        assertEquals(op(3, "Y", 4), t.b());
        assertEquals("abXYcdef", t.b().apply(op(2, "X", 4).apply("abcdef")));
    }

    @Test
    void overlappingDeletes_eachDeletesOnlyWhatTheOtherKept() {
        Transformed t = SpliceTransform.transform(op(1, -3, 2), op(2, -3, 1));
        assertNotNull(t);
        assertEquals(op(1, -1, 1), t.a());
        assertEquals(op(1, -1, 1), t.b());
    }

    @Test
    void insertAtTheStartOfTheOtherDelete_staysASplice() {
        // b's insert comes before a's deletion at the same place.
        Transformed t = SpliceTransform.transform(op(1, -4, 1), op(1, "Y", 5));
        assertNotNull(t);
        assertEquals(op(2, -4, 1), t.a());
        assertEquals(op(1, "Y", 1), t.b());
    }

    @Test
    void insertStrictlyInsideTheOtherDelete_fallsBackToTheGeneralWalk() {
        TextOperation a = op(1, -4, 1);
        TextOperation b = op(3, "Y", 3);
        assertNull(SpliceTransform.transform(a, b));
        Transformed t = TextOperation.transform(a, b);
        assertEquals(op(1, -2, 1, -2, 1), t.a());
        assertEquals(op(1, "Y", 1), t.b());
        assertEquals("aYf", t.a().apply(b.apply("abcdef")));
    }

    @Test
    void tieWithInsertAndDelete_fallsBackToTheGeneralWalk() {
        // a's text goes before b's, and a's deletion after it: a' retains b's text in the middle.
        TextOperation a = op(1, "X", -4, 1);
        TextOperation b = op(1, "Y", 5);
        assertNull(SpliceTransform.transform(a, b));
        Transformed t = TextOperation.transform(a, b);
        assertEquals(op(1, "X", 1, -4, 1), t.a());
        assertEquals(op(2, "Y", 1), t.b());
    }

    @Test
    void surrogatePairs_countAsTwoUnits() {
        // "a😀b": a deletes the emoji, b inserts 🎉 after it.
        Transformed t = SpliceTransform.transform(op(1, -2, 1), op(3, "\uD83C\uDF89", 1));
        assertNotNull(t);
        assertEquals(op(1, -2, 3), t.a());
        assertEquals(op(1, "\uD83C\uDF89", 1), t.b());
        assertEquals("a\uD83C\uDF89b", t.a().apply("a\uD83D\uDE00\uD83C\uDF89b"));
    }

    @Test
    void emptyDocument() {
        Transformed t = SpliceTransform.transform(op("x"), op("y"));
        assertNotNull(t);
        assertEquals(op("x", 1), t.a());
        assertEquals(op(1, "y"), t.b());
        Transformed noop = SpliceTransform.transform(TextOperation.identity(0), op("y"));
        assertNotNull(noop);
        assertEquals(op(1), noop.a());
        assertTrue(noop.a().isNoop());
        assertEquals(op("y"), noop.b());
    }

    @Test
    void builderKeepsExactlySingleSplicesInFields() {
        assertTrue(op().isSplice());
        assertTrue(op(5).isSplice());
        assertTrue(op("ab").isSplice());
        assertTrue(op(-3).isSplice());
        assertTrue(op(2, "ab", -3, 4).isSplice());
        assertTrue(TextOperation.identity(7).isSplice());
        assertFalse(op(2, "ab", 1, -3).isSplice());
        assertFalse(op(-1, 2, "x").isSplice());
        assertFalse(op("a", 1, "b").isSplice());
    }

    @Test
    void bothFormsAreTheSameValue() {
        for (TextOperation splice :
                List.of(op(), op(5), op("ab"), op(-3), op(2, "ab", -3, 4), op("\uD83D\uDE00", -2), op(3, -1))) {
            TextOperation arrays = inArrays(splice);
            assertFalse(arrays.isSplice());
            assertSameOperation(splice, arrays);
            assertSameOperation(arrays, splice);
            assertEquals(splice.isNoop(), arrays.isNoop());
            for (int i = 0; i < splice.componentCount(); i++) {
                assertEquals(splice.isRetain(i), arrays.isRetain(i));
                assertEquals(splice.isDelete(i), arrays.isDelete(i));
                assertEquals(splice.length(i), arrays.length(i));
            }
        }
        assertNotEquals(op(2, "ab", -3, 4), inArrays(op(2, "ab", -3, 3, 1, -1)));
    }

    @Test
    void bothFormsBehaveAlikeOnRandomSplices() {
        Property.check("splice form vs array form", r -> {
            List<String> doc = Model.randomDoc(r, 8);
            String text = Model.text(doc);
            TextOperation splice = randomSplice(r, doc);
            TextOperation arrays = inArrays(splice);
            assertSameOperation(splice, arrays);
            assertEquals(splice.apply(text), arrays.apply(text));
            assertEquals(splice.invert(text), arrays.invert(text));
            int position = r.nextInt(text.length() + 1);
            assertEquals(splice.transformPosition(position), arrays.transformPosition(position));
            TextOperation next = randomSplice(r, Model.codePoints(splice.apply(text)));
            assertEquals(splice.compose(next), arrays.compose(inArrays(next)));
            TextOperation other = randomSplice(r, doc);
            assertEquals(
                    OperationAlgebra.transformGeneral(splice, other),
                    OperationAlgebra.transformGeneral(arrays, inArrays(other)));
            assertEquals(Arrays.asList(splice.toJson().toArray()), arrays.toJson());
        });
    }
}
