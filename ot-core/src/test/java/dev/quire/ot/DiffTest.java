package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TextOperation#diff(String, String)}; the shared vectors ({@code diff.json}) add more. */
class DiffTest {
    private static final String SMILE = "\uD83D\uDE00"; // d83d de00
    private static final String GRIN = "\uD83D\uDE01"; // d83d de01, the same high surrogate
    private static final String PARTY = "\uD83C\uDF89"; // d83c df89, the same low surrogate as none above

    static void assertDiff(String before, String after, String expected) {
        TextOperation op = TextOperation.diff(before, after);
        assertEquals(expected, op.toString(), "diff(" + before + ", " + after + ")");
        assertEquals(after, op.apply(before));
        assertEquals(before.length(), op.baseLength());
        assertEquals(after.length(), op.targetLength());
    }

    @Test
    void keepsTheCommonPrefixAndSuffix() {
        assertDiff("hello world", "hello brave world", "[6,\"brave \",5]");
        assertDiff("hello brave world", "hello world", "[6,-6,5]");
        assertDiff("Hello, world", "Hello there, world", "[5,\" there\",7]");
        assertDiff("abcdef", "abXYef", "[2,\"XY\",-2,2]");
    }

    @Test
    void equalTextsGiveTheIdentity() {
        TextOperation op = TextOperation.diff("abc", "abc");
        assertEquals("[3]", op.toString());
        assertTrue(op.isNoop());
        assertEquals(TextOperation.identity(3), op);
        assertEquals("[]", TextOperation.diff("", "").toString());
    }

    @Test
    void fromAndToTheEmptyText() {
        assertDiff("", "x", "[\"x\"]");
        assertDiff("abc", "", "[-3]");
        assertDiff("abc", "xyz", "[\"xyz\",-3]");
    }

    @Test
    void repeatedTextGoesToTheEnd() {
        assertDiff("aa", "aaa", "[2,\"a\"]");
        assertDiff("aaa", "aa", "[2,-1]");
        assertDiff("abab", "ababab", "[4,\"ab\"]");
    }

    @Test
    void neverSplitsASurrogatePair() {
        // The prefix would end after d83d, shared by both emoji: it steps back to before the pair.
        assertDiff("a" + SMILE + "b", "a" + GRIN + "b", "[1,\"" + GRIN + "\",-2,1]");
        assertDiff(SMILE, GRIN, "[\"" + GRIN + "\",-2]");
        // The suffix would start at a shared low surrogate: it steps forward past it.
        String highA = "\uD83D\uDC4D"; // d83d dc4d
        String highB = "\uD83E\uDC4D"; // d83e dc4d, another pair with the same low surrogate
        assertDiff(highA + "x", highB + "x", "[\"" + highB + "\",-2,1]");
        assertDiff("x" + highA, "x" + highB, "[1,\"" + highB + "\",-2]");
        assertDiff(SMILE + PARTY, SMILE + SMILE + PARTY, "[2,\"" + SMILE + "\",2]");
    }

    @Test
    void theResultIsCanonical() {
        TextOperation op = TextOperation.diff("abcdef", "abXYef");
        assertEquals(TextOperation.fromJson(List.of(2, "XY", -2, 2)), op);
        assertEquals(List.of(2, "XY", -2, 2), op.toJson());
        assertEquals(4, op.componentCount());
    }

    @Test
    void anUnpairedSurrogateInTheInsertedTextIsAnError() {
        InvalidOperationException e =
                assertThrows(InvalidOperationException.class, () -> TextOperation.diff("abc", "ab\uD83Dc"));
        assertEquals("diff: after has an unpaired surrogate at index 2", e.getMessage());
        e = assertThrows(InvalidOperationException.class, () -> TextOperation.diff("", "x\uDE00"));
        assertEquals("diff: after has an unpaired surrogate at index 1", e.getMessage());
    }

    @Test
    void nullTextsAreRejectedByName() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> TextOperation.diff(null, "a"));
        assertEquals("before", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> TextOperation.diff("a", null));
        assertEquals("after", e.getMessage());
    }
}
