package dev.quire.ot;

import static dev.quire.ot.TextOperationTest.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.testing.Model;
import dev.quire.ot.testing.Property;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnchoredRangeTest {
    @Test
    void insertAtTheStartGoesBeforeTheRangeAndAtTheEndAfterIt() {
        AnchoredRange r = new AnchoredRange(3, 6);
        assertEquals(new AnchoredRange(4, 7), r.transform(op(3, "X", 6)));
        assertEquals(new AnchoredRange(3, 6), r.transform(op(6, "Y", 3)));
        assertEquals(new AnchoredRange(3, 7), r.transform(op(4, "Z", 5)));
        assertEquals(new AnchoredRange(5, 8), r.transform(op(1, "ab", 8)));
        assertEquals(new AnchoredRange(3, 6), r.transform(op(7, "ab", 2)));
    }

    @Test
    void deletedTextCollapsesTheRangeWhichIsKept() {
        AnchoredRange r = new AnchoredRange(3, 6);
        assertEquals(new AnchoredRange(2, 2), r.transform(op(2, -5, 2)));
        assertEquals(new AnchoredRange(3, 3), r.transform(op(3, -3, 3)));
        assertTrue(r.transform(op(3, -3, 3)).isCollapsed());
        assertEquals(new AnchoredRange(2, 4), r.transform(op(2, -2, 5)));
        assertEquals(new AnchoredRange(3, 5), r.transform(op(5, -2, 2)));
    }

    @Test
    void aCollapsedRangeMovesLikeACursor() {
        AnchoredRange r = new AnchoredRange(3, 3);
        assertEquals(new AnchoredRange(5, 5), r.transform(op(3, "ab", 2)));
        assertEquals(new AnchoredRange(3, 3), r.transform(op(4, "ab", 1)));
        assertEquals(new AnchoredRange(1, 1), r.transform(op(1, -3, 1)));
    }

    @Test
    void invalidRangesNameTheArgument() {
        assertEquals(
                "start: expected >= 0, found -1",
                assertThrows(IllegalArgumentException.class, () -> new AnchoredRange(-1, 0))
                        .getMessage());
        assertEquals(
                "end: expected >= start 4, found 2",
                assertThrows(IllegalArgumentException.class, () -> new AnchoredRange(4, 2))
                        .getMessage());
        assertEquals(
                "AnchoredRange.transform: end 6 out of range [0, 5]",
                assertThrows(InvalidOperationException.class, () -> new AnchoredRange(1, 6).transform(op(5)))
                        .getMessage());
        assertEquals(
                "textIn: end 6 is beyond document length 3",
                assertThrows(IllegalArgumentException.class, () -> new AnchoredRange(1, 6).textIn("abc"))
                        .getMessage());
    }

    /**
     * The text under a range after an edit, computed from the model without transform or apply:
     * the surviving code points it covered, and the text inserted strictly inside it.
     */
    static String expectedText(List<String> doc, Model.Edit edit, int startGap, int endGap) {
        StringBuilder s = new StringBuilder();
        for (int g = startGap; g < endGap; g++) {
            if (g > startGap) {
                s.append(edit.inserts()[g]);
            }
            if (!edit.deleted()[g]) {
                s.append(doc.get(g));
            }
        }
        return s.toString();
    }

    @Test
    void propertyTextUnderARangeIsWhatTheModelPredicts() {
        Property.check("anchored range through one edit", random -> {
            List<String> doc = Model.randomDoc(random, 12);
            int a = random.nextInt(doc.size() + 1);
            int b = random.nextInt(doc.size() + 1);
            int startGap = Math.min(a, b);
            int endGap = Math.max(a, b);
            Model.Edit edit = Model.randomEdit(random, doc);
            TextOperation op = edit.toOperation(doc);
            AnchoredRange range = new AnchoredRange(Model.units(doc, startGap), Model.units(doc, endGap));
            AnchoredRange moved = range.transform(op);
            List<String> after = edit.applyTo(doc);
            int start = edit.transformGap(doc, startGap);
            int end = Math.max(start, edit.transformGap(doc, endGap) - edit.inserts()[endGap].length());
            assertEquals(new AnchoredRange(start, end), moved);
            assertEquals(expectedText(doc, edit, startGap, endGap), moved.textIn(Model.text(after)));
        });
    }

    @Test
    void propertyEndpointsStayInBoundsAndInOrderThroughManyEdits() {
        Property.check("anchored ranges through a sequence of edits", random -> {
            List<String> doc = Model.randomDoc(random, 10);
            int n = 1 + random.nextInt(4);
            AnchoredRange[] ranges = new AnchoredRange[n];
            for (int i = 0; i < n; i++) {
                int a = random.nextInt(doc.size() + 1);
                int b = random.nextInt(doc.size() + 1);
                ranges[i] = new AnchoredRange(Model.units(doc, Math.min(a, b)), Model.units(doc, Math.max(a, b)));
            }
            for (int step = 0; step < 20; step++) {
                Model.Edit edit = Model.randomEdit(random, doc);
                TextOperation op = edit.toOperation(doc);
                AnchoredRange[] moved = new AnchoredRange[n];
                for (int i = 0; i < n; i++) {
                    moved[i] = ranges[i].transform(op);
                }
                doc = edit.applyTo(doc);
                int length = Model.text(doc).length();
                for (int i = 0; i < n; i++) {
                    assertTrue(moved[i].end() <= length, moved[i] + " beyond " + length);
                    for (int j = 0; j < n; j++) {
                        // Monotone: order between starts survives every edit, and between the ends of
                        // ranges that cover text (a collapsed one is pushed by an insert at it).
                        if (ranges[i].start() <= ranges[j].start()) {
                            assertTrue(moved[i].start() <= moved[j].start(), Arrays.toString(moved));
                        }
                        boolean bothCoverText = !ranges[i].isCollapsed() && !ranges[j].isCollapsed();
                        if (bothCoverText && ranges[i].end() <= ranges[j].end()) {
                            assertTrue(moved[i].end() <= moved[j].end(), Arrays.toString(moved));
                        }
                    }
                }
                ranges = moved;
            }
        });
    }

    @Test
    void propertyConcurrentEditsInServerOrderKeepTheModelsText() {
        Property.check("anchored range through concurrent edits in server order", random -> {
            List<String> doc = Model.randomDoc(random, 12);
            int x = random.nextInt(doc.size() + 1);
            int y = random.nextInt(doc.size() + 1);
            Model.Edit a = Model.randomEdit(random, doc);
            Model.Edit b = Model.randomEdit(random, doc);
            TextOperation opA = a.toOperation(doc);
            TextOperation opB = b.toOperation(doc);
            Transformed t = TextOperation.transform(opA, opB);
            AnchoredRange range = new AnchoredRange(Model.units(doc, Math.min(x, y)), Model.units(doc, Math.max(x, y)));
            // The server applies a, then b transformed: every client follows the same order.
            List<String> afterA = a.applyTo(doc);
            AnchoredRange midway = range.transform(opA);
            AnchoredRange moved = midway.transform(t.b());
            String merged = Model.text(Model.merge(doc, a, b));
            assertEquals(merged, t.b().apply(Model.text(afterA)));
            assertTrue(moved.end() <= merged.length());
            // b' as a model edit of a's result: the text under the range is the model's again.
            Model.Edit bPrime = decompose(afterA, t.b());
            int startGap = gapAt(afterA, midway.start());
            int endGap = gapAt(afterA, midway.end());
            assertEquals(expectedText(afterA, bPrime, startGap, endGap), moved.textIn(merged));
            // What survives of the range's original text is still under it, in order.
            String kept = expectedKept(doc, a, b, Math.min(x, y), Math.max(x, y));
            assertTrue(isSubsequence(kept, moved.textIn(merged)), kept + " not in " + moved.textIn(merged));
        });
    }

    /** The code points of {@code doc[startGap, endGap)} that neither edit deleted. */
    private static String expectedKept(List<String> doc, Model.Edit a, Model.Edit b, int startGap, int endGap) {
        StringBuilder s = new StringBuilder();
        for (int g = startGap; g < endGap; g++) {
            if (!a.deleted()[g] && !b.deleted()[g]) {
                s.append(doc.get(g));
            }
        }
        return s.toString();
    }

    private static boolean isSubsequence(String small, String big) {
        List<String> s = Model.codePoints(small);
        List<String> t = Model.codePoints(big);
        int i = 0;
        for (int j = 0; j < t.size() && i < s.size(); j++) {
            if (t.get(j).equals(s.get(i))) {
                i++;
            }
        }
        return i == s.size();
    }

    private static int gapAt(List<String> doc, int units) {
        int u = 0;
        for (int g = 0; g <= doc.size(); g++) {
            if (u == units) {
                return g;
            }
            if (g < doc.size()) {
                u += doc.get(g).length();
            }
        }
        throw new AssertionError("offset " + units + " splits a code point");
    }

    /** An operation of {@code doc} as a model edit (inserts per gap, deletes per code point). */
    private static Model.Edit decompose(List<String> doc, TextOperation op) {
        String[] inserts = new String[doc.size() + 1];
        Arrays.fill(inserts, "");
        boolean[] deleted = new boolean[doc.size()];
        int gap = 0;
        int unitsLeft = 0;
        for (int i = 0; i < op.size(); i++) {
            int code = op.code(i);
            if (code == 0) {
                inserts[gap] += op.textAt(i);
                continue;
            }
            unitsLeft = Math.abs(code);
            while (unitsLeft > 0) {
                deleted[gap] = code < 0;
                unitsLeft -= doc.get(gap).length();
                gap++;
            }
        }
        return new Model.Edit(inserts, deleted);
    }
}
