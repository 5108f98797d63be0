package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextOperationTest {
    static TextOperation op(Object... json) {
        return TextOperation.fromJson(List.of(json));
    }

    static void assertInvalid(String message, Runnable call) {
        InvalidOperationException e = assertThrows(InvalidOperationException.class, call::run);
        assertEquals(message, e.getMessage());
    }

    @Test
    void javadocExampleAppliesAsDocumented() {
        TextOperation op = TextOperation.builder()
                .retain(5)
                .insert("ab")
                .delete(3)
                .retain(4)
                .build();
        assertEquals("Helloaborld", op.apply("Hello, world"));
        assertEquals(12, op.baseLength());
        assertEquals(11, op.targetLength());
        assertEquals(List.of(5, "ab", -3, 4), op.toJson());
    }

    @Test
    void lengthsCountRetainsDeletesAndInserts() {
        TextOperation op = op(2, "xyz", -4, 1);
        assertEquals(7, op.baseLength());
        assertEquals(6, op.targetLength());
    }

    @Test
    void componentAccessors() {
        TextOperation op = op(2, "xyz", -4);
        assertEquals(3, op.componentCount());
        assertTrue(op.isRetain(0));
        assertFalse(op.isInsert(0));
        assertTrue(op.isInsert(1));
        assertTrue(op.isDelete(2));
        assertFalse(op.isDelete(1));
        assertEquals(2, op.length(0));
        assertEquals(3, op.length(1));
        assertEquals(4, op.length(2));
        assertEquals("xyz", op.text(1));
        assertInvalid("text: component 0 is not an insert", () -> op.text(0));
        assertInvalid("component: index 3 out of range [0, 3)", () -> op.isRetain(3));
        assertInvalid("component: index -1 out of range [0, 3)", () -> op.length(-1));
    }

    @Test
    void identity() {
        assertEquals(List.of(), TextOperation.identity(0).toJson());
        assertEquals(List.of(5), TextOperation.identity(5).toJson());
        assertEquals("abcde", TextOperation.identity(5).apply("abcde"));
        assertInvalid("identity: expected length >= 0, found -1", () -> TextOperation.identity(-1));
    }

    @Test
    void applyInsertsDeletesAndRetains() {
        assertEquals("abc", op("abc").apply(""));
        assertEquals("", op(-3).apply("abc"));
        assertEquals("aXc", op(1, "X", -1, 1).apply("abc"));
        assertEquals("abcd", op(3, "d").apply("abc"));
        assertEquals("", TextOperation.builder().build().apply(""));
    }

    @Test
    void applyRejectsWrongDocumentLength() {
        assertInvalid("apply: baseLength 7 != document length 5", () -> op(7).apply("abcde"));
    }

    @Test
    void applyRejectsNullDocument() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> op(1).apply(null));
        assertEquals("document", e.getMessage());
    }

    @Test
    void applyKeepsSurrogatePairsWhole() {
        String doc = "a\uD83D\uDE00b"; // a😀b
        assertEquals("aX\uD83D\uDE00b", op(1, "X", 3).apply(doc));
        assertEquals("ab", op(1, -2, 1).apply(doc));
        assertInvalid(
                "apply: position 2 splits a surrogate pair", () -> op(2, "X", 2).apply(doc));
        assertInvalid(
                "apply: position 2 splits a surrogate pair", () -> op(1, -1, 2).apply(doc));
        assertInvalid(
                "apply: position 3 splits a surrogate pair", () -> op(3, -1).apply("\uD83D\uDE00\uD83D\uDE00"));
    }

    @Test
    void invertRestoresTheDocument() {
        String doc = "Hello, world";
        TextOperation op = op(5, "ab", -3, 4);
        TextOperation inverse = op.invert(doc);
        assertEquals(op(5, ", w", -2, 4), inverse);
        assertEquals(doc, inverse.apply(op.apply(doc)));
    }

    @Test
    void invertOfEmptyAndEmoji() {
        assertEquals(op(), op().invert(""));
        assertEquals(op("\uD83D\uDE00", 1), op(-2, 1).invert("\uD83D\uDE00a"));
    }

    @Test
    void invertRejectsWrongLengthAndSplits() {
        assertInvalid("invert: baseLength 3 != document length 2", () -> op(3).invert("ab"));
        assertInvalid(
                "invert: position 1 splits a surrogate pair", () -> op(1, -1).invert("\uD83D\uDE00"));
        assertInvalid(
                "invert: position 1 splits a surrogate pair", () -> op(-1, 1).invert("\uD83D\uDE00"));
    }

    @Test
    void composeHasTheEffectOfBoth() {
        TextOperation a = op(3, "XY"); // abc -> abcXY
        TextOperation b = op(1, -3, "Z", 1); // abcXY -> aZY
        TextOperation ab = a.compose(b);
        assertEquals(op(1, "Z", -2, "Y"), ab);
        assertEquals("aZY", ab.apply("abc"));
        assertEquals(b.apply(a.apply("abc")), ab.apply("abc"));
    }

    @Test
    void composeDeletesOfTheFirstSurvive() {
        assertEquals(op(-2, "xy"), op(-2, "x").compose(op(1, "y")));
        assertEquals(op(-2), op(-2, "x").compose(op(-1)));
    }

    @Test
    void composeRejectsMismatchedLengths() {
        assertInvalid("compose: first.targetLength 3 != second.baseLength 4", () -> op(3).compose(op(4)));
    }

    @Test
    void composeRejectsSplittingAnInsertedPair() {
        assertInvalid(
                "compose: second operation splits a surrogate pair inserted by the first at offset 1 of its text",
                () -> op("\uD83D\uDE00").compose(op(1, -1)));
    }

    @Test
    void composeAllComposesInOrder() {
        TextOperation all = TextOperation.composeAll(List.of(op("a"), op(1, "b"), op(-1, 1), op(1, "c")));
        assertEquals(op("bc"), all);
    }

    @Test
    void composeAllOfOneIsThatOne() {
        TextOperation one = op(2, "x");
        assertEquals(one, TextOperation.composeAll(List.of(one)));
    }

    @Test
    void composeAllRejectsEmptyAndGaps() {
        assertInvalid(
                "composeAll: expected at least one operation, found none", () -> TextOperation.composeAll(List.of()));
        assertInvalid(
                "composeAll: operation 1 targetLength 3 != operation 2 baseLength 4",
                () -> TextOperation.composeAll(List.of(op("ab"), op(2, "c"), op(4))));
    }

    @Test
    void transformTiedInsertsPutAFirst() {
        Transformed t = TextOperation.transform(op("A"), op("B"));
        assertEquals(op("A", 1), t.a());
        assertEquals(op(1, "B"), t.b());
        assertEquals("AB", t.b().apply(op("A").apply("")));
        assertEquals("AB", t.a().apply(op("B").apply("")));
    }

    @Test
    void transformOverlappingDeletes() {
        // "abcdef": a deletes "bcd", b deletes "cde"
        TextOperation a = op(1, -3, 2);
        TextOperation b = op(2, -3, 1);
        Transformed t = TextOperation.transform(a, b);
        assertEquals(op(1, -1, 1), t.a());
        assertEquals(op(1, -1, 1), t.b());
        assertEquals("af", t.b().apply(a.apply("abcdef")));
        assertEquals("af", t.a().apply(b.apply("abcdef")));
    }

    @Test
    void transformDeleteSpanningAnInsert() {
        // "abcd": a deletes "bc", b inserts "X" between b and c
        TextOperation a = op(1, -2, 1);
        TextOperation b = op(2, "X", 2);
        Transformed t = TextOperation.transform(a, b);
        assertEquals(op(1, -1, 1, -1, 1), t.a());
        assertEquals(op(1, "X", 1), t.b());
        assertEquals("aXd", t.a().apply(b.apply("abcd")));
    }

    @Test
    void transformRejectsDifferentBaseLengths() {
        assertInvalid("transform: a.baseLength 1 != b.baseLength 2", () -> TextOperation.transform(op(1), op(2)));
    }

    @Test
    void transformPositionMovesThroughEdits() {
        TextOperation op = op(2, "XY", -2, 1); // abcde -> abXYe
        assertEquals(0, op.transformPosition(0));
        assertEquals(4, op.transformPosition(2)); // insert exactly here lands before it
        assertEquals(4, op.transformPosition(3)); // inside the delete: its start
        assertEquals(4, op.transformPosition(4));
        assertEquals(5, op.transformPosition(5));
        assertEquals(4, op(3, "!").transformPosition(3)); // insert at the end pushes it too
    }

    @Test
    void transformPositionRejectsOutOfRange() {
        assertInvalid("transformPosition: position 6 out of range [0, 5]", () -> op(5).transformPosition(6));
        assertInvalid("transformPosition: position -1 out of range [0, 5]", () -> op(5).transformPosition(-1));
    }

    @Test
    void isNoop() {
        assertTrue(op().isNoop());
        assertTrue(op(4).isNoop());
        assertFalse(op("a").isNoop());
        assertFalse(op(-1).isNoop());
        assertFalse(op(1, "a", 1).isNoop());
    }

    @Test
    void equalsMeansTheSameEdit() {
        TextOperation built = TextOperation.builder()
                .retain(1)
                .retain(1)
                .delete(1)
                .insert("a")
                .build();
        assertEquals(op(2, "a", -1), built);
        assertEquals(op(2, "a", -1).hashCode(), built.hashCode());
        assertNotEquals(op(2, "a", -1), op(2, "b", -1));
        assertNotEquals(op(2), op(3));
        assertNotEquals(op(2), "[2]");
    }

    @Test
    void toStringIsTheJsonForm() {
        assertEquals("[5,\"ab\",-3]", op(5, "ab", -3).toString());
        assertEquals("[]", op().toString());
        assertEquals(
                "[\"\\\"\\\\\\n\\r\\t\\u0001\u00e9\uD83D\uDE00\"]",
                op("\"\\\n\r\t\u0001\u00e9\uD83D\uDE00").toString());
    }

    @Test
    void transformedHoldsBothOperations() {
        Transformed t = new Transformed(op(1), op(2));
        assertEquals(op(1), t.a());
        assertEquals(op(2), t.b());
        assertEquals(
                "a",
                assertThrows(NullPointerException.class, () -> new Transformed(null, op(1)))
                        .getMessage());
        assertEquals(
                "b",
                assertThrows(NullPointerException.class, () -> new Transformed(op(1), null))
                        .getMessage());
    }

    @Test
    void invalidOperationExceptionIsAnUncheckedIllegalArgument() {
        InvalidOperationException e = new InvalidOperationException("apply: baseLength 7 != document length 5");
        assertEquals("apply: baseLength 7 != document length 5", e.getMessage());
        assertTrue(e instanceof IllegalArgumentException);
    }

    @Test
    void nullArgumentsNameTheArgument() {
        assertEquals(
                "next",
                assertThrows(NullPointerException.class, () -> op(1).compose(null))
                        .getMessage());
        assertEquals(
                "a",
                assertThrows(NullPointerException.class, () -> TextOperation.transform(null, op(1)))
                        .getMessage());
        assertEquals(
                "b",
                assertThrows(NullPointerException.class, () -> TextOperation.transform(op(1), null))
                        .getMessage());
        assertEquals(
                "document",
                assertThrows(NullPointerException.class, () -> op(1).invert(null))
                        .getMessage());
    }
}
