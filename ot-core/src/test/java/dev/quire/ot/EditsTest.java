package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TextOperation#insert}, {@link TextOperation#delete} and {@link TextOperation#replace}. */
class EditsTest {
    private static final String SMILE = "\uD83D\uDE00";

    static void assertInvalid(String message, Runnable call) {
        InvalidOperationException e = assertThrows(InvalidOperationException.class, call::run);
        assertEquals(message, e.getMessage());
    }

    @Test
    void insertsAtAPosition() {
        TextOperation op = TextOperation.insert(5, ",", 11);
        assertEquals("[5,\",\",6]", op.toString());
        assertEquals("Hello, world", op.apply("Hello world"));
        assertEquals(11, op.baseLength());
        assertEquals(12, op.targetLength());
        assertEquals("[\"x\",3]", TextOperation.insert(0, "x", 3).toString());
        assertEquals("[3,\"x\"]", TextOperation.insert(3, "x", 3).toString());
        assertEquals("[\"x\"]", TextOperation.insert(0, "x", 0).toString());
        assertEquals(
                "[1,\"" + SMILE + "\",1]", TextOperation.insert(1, SMILE, 2).toString());
    }

    @Test
    void deletesARange() {
        TextOperation op = TextOperation.delete(5, 6, 12);
        assertEquals("[5,-1,6]", op.toString());
        assertEquals("Hello world", op.apply("Hello, world"));
        assertEquals("[-3]", TextOperation.delete(0, 3, 3).toString());
        assertEquals("[1,-2]", TextOperation.delete(1, 3, 3).toString());
        assertEquals("[-2,1]", TextOperation.delete(0, 2, 3).toString());
    }

    @Test
    void replacesARange() {
        TextOperation op = TextOperation.replace(7, 12, "there", 12);
        assertEquals("[7,\"there\",-5]", op.toString());
        assertEquals("Hello, there", op.apply("Hello, world"));
        assertEquals("[1,\"XY\",-1,1]", TextOperation.replace(1, 2, "XY", 3).toString());
        assertEquals("[\"new\",-3]", TextOperation.replace(0, 3, "new", 3).toString());
    }

    @Test
    void theExamplesOfDocsOtMd() {
        assertEquals("[5,\",\",6]", TextOperation.insert(5, ",", 11).toString());
        assertEquals("[5,-1,5]", TextOperation.delete(5, 6, 11).toString());
        assertEquals(
                "[6,\"there\",-5]", TextOperation.replace(6, 11, "there", 11).toString());
        assertEquals(
                "[5,\",\",6]", TextOperation.diff("Hello world", "Hello, world").toString());
        assertInvalid("delete: to 4 out of range [5, 11]", () -> TextOperation.delete(5, 4, 11));
        assertInvalid("replace: from 20 out of range [0, 11]", () -> TextOperation.replace(20, 21, "x", 11));
    }

    @Test
    void theSameEditAsTheBuilderGives() {
        assertEquals(
                TextOperation.builder()
                        .retain(2)
                        .delete(3)
                        .insert("ab")
                        .retain(4)
                        .build(),
                TextOperation.replace(2, 5, "ab", 9));
        assertEquals(TextOperation.fromJson(List.of(2, -3, 4)), TextOperation.delete(2, 5, 9));
        assertEquals(TextOperation.fromJson(List.of(2, "ab", 7)), TextOperation.insert(2, "ab", 9));
    }

    @Test
    void emptyEditsAreTheIdentity() {
        assertEquals(TextOperation.identity(4), TextOperation.insert(2, "", 4));
        assertEquals(TextOperation.identity(4), TextOperation.delete(3, 3, 4));
        assertEquals(TextOperation.identity(4), TextOperation.replace(1, 1, "", 4));
        assertTrue(TextOperation.delete(0, 0, 0).isNoop());
        assertEquals("[]", TextOperation.insert(0, "", 0).toString());
    }

    @Test
    void positionsOutOfRangeAreErrorsNamingTheArgument() {
        assertInvalid("insert: at 12 out of range [0, 11]", () -> TextOperation.insert(12, "x", 11));
        assertInvalid("insert: at -1 out of range [0, 11]", () -> TextOperation.insert(-1, "x", 11));
        assertInvalid("delete: from 13 out of range [0, 12]", () -> TextOperation.delete(13, 13, 12));
        assertInvalid("delete: from -1 out of range [0, 12]", () -> TextOperation.delete(-1, 2, 12));
        assertInvalid("delete: to 4 out of range [5, 12]", () -> TextOperation.delete(5, 4, 12));
        assertInvalid("delete: to 13 out of range [5, 12]", () -> TextOperation.delete(5, 13, 12));
        assertInvalid("replace: to 13 out of range [7, 12]", () -> TextOperation.replace(7, 13, "x", 12));
        assertInvalid("replace: from 20 out of range [0, 12]", () -> TextOperation.replace(20, 21, "x", 12));
    }

    @Test
    void aNegativeDocumentLengthIsAnError() {
        assertInvalid("insert: expected documentLength >= 0, found -1", () -> TextOperation.insert(0, "x", -1));
        assertInvalid("delete: expected documentLength >= 0, found -5", () -> TextOperation.delete(0, 0, -5));
        assertInvalid("replace: expected documentLength >= 0, found -1", () -> TextOperation.replace(0, 0, "", -1));
    }

    @Test
    void anUnpairedSurrogateInTheTextIsAnError() {
        assertInvalid(
                "insert: unpaired surrogate at index 1 of the inserted text",
                () -> TextOperation.insert(0, "a\uD83D", 3));
        assertInvalid(
                "replace: unpaired surrogate at index 0 of the inserted text",
                () -> TextOperation.replace(0, 1, "\uDE00", 3));
    }

    @Test
    void aNullTextIsRejectedByName() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> TextOperation.insert(0, null, 3));
        assertEquals("text", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> TextOperation.replace(0, 1, null, 3));
        assertEquals("text", e.getMessage());
    }

    @Test
    void aResultLongerThanAnIntIsAnError() {
        String text = "x".repeat(10);
        assertInvalid(
                "insert: length overflows int (2147483640 + 10)",
                () -> TextOperation.insert(0, text, Integer.MAX_VALUE - 7));
    }

    @Test
    void splittingASurrogatePairIsFoundWhenApplied() {
        TextOperation op = TextOperation.insert(1, "x", 2);
        assertInvalid("apply: position 1 splits a surrogate pair", () -> op.apply(SMILE));
    }
}
