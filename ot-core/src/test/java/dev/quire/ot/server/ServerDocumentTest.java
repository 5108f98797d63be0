package dev.quire.ot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.ot.InvalidOperationException;
import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerDocumentTest {
    static TextOperation op(Object... json) {
        return TextOperation.fromJson(List.of(json));
    }

    static void assertInvalid(String message, Runnable call) {
        assertEquals(
                message,
                assertThrows(InvalidOperationException.class, call::run).getMessage());
    }

    static void assertOutOfRange(String message, int requested, int oldest, int current, Runnable call) {
        VersionOutOfRangeException e = assertThrows(VersionOutOfRangeException.class, call::run);
        assertEquals(message, e.getMessage());
        assertEquals(requested, e.requested());
        assertEquals(oldest, e.oldest());
        assertEquals(current, e.current());
    }

    @Test
    void startsWithContentAndVersion() {
        ServerDocument doc = new ServerDocument("abc", 7);
        assertEquals("abc", doc.content());
        assertEquals(3, doc.length());
        assertEquals(7, doc.version());
        assertEquals(7, doc.oldestVersion());
        assertEquals(List.of(), doc.opsSince(7));
    }

    @Test
    void submitAtTheCurrentVersionAppliesAsIs() {
        ServerDocument doc = new ServerDocument("abc", 0);
        Applied applied = doc.submit(0, op(3, "d"));
        assertEquals(new Applied(1, op(3, "d")), applied);
        assertEquals("abcd", doc.content());
        assertEquals(1, doc.version());
    }

    @Test
    void submitTransformsAgainstWhatTheClientHadNotSeen() {
        ServerDocument doc = new ServerDocument("abcdef", 0);
        doc.submit(0, op(-2, 4)); // "cdef"
        doc.submit(1, op(4, "!")); // "cdef!"
        Applied late = doc.submit(0, op(3, "X", 3)); // made on "abcdef": after "abc"
        assertEquals(new Applied(3, op(1, "X", 4)), late);
        assertEquals("cXdef!", doc.content());
        assertEquals(List.of(op(-2, 4), op(4, "!"), op(1, "X", 4)), doc.opsSince(0));
        assertEquals(List.of(op(1, "X", 4)), doc.opsSince(2));
    }

    @Test
    void tiedInsertsPutTheSubmittedTextFirst() {
        ServerDocument doc = new ServerDocument("", 0);
        assertEquals(new Applied(1, op("Hi")), doc.submit(0, op("Hi")));
        assertEquals(new Applied(2, op("Yo", 2)), doc.submit(0, op("Yo")));
        assertEquals("YoHi", doc.content());
    }

    @Test
    void versionAheadOfTheDocumentIsOutOfRange() {
        ServerDocument doc = new ServerDocument("a", 0);
        doc.submit(0, op(1, "b"));
        assertOutOfRange("submit: version 2 out of range [0, 1]", 2, 0, 1, () -> doc.submit(2, op(2, "c")));
        assertEquals("ab", doc.content());
    }

    @Test
    void versionOlderThanTheHistoryIsOutOfRange() {
        ServerDocument doc = new ServerDocument("", 10, 2);
        for (int i = 0; i < 5; i++) {
            doc.submit(10 + i, TextOperation.builder().retain(i).insert("x").build());
        }
        assertEquals(15, doc.version());
        assertEquals(13, doc.oldestVersion());
        assertOutOfRange("submit: version 12 out of range [13, 15]", 12, 13, 15, () -> doc.submit(12, op(2, "y")));
        assertOutOfRange("opsSince: version 12 out of range [13, 15]", 12, 13, 15, () -> doc.opsSince(12));
        assertOutOfRange(
                "transformSelection: version 16 out of range [13, 15]",
                16,
                13,
                15,
                () -> doc.transformSelection(16, Selection.cursor(0)));
        assertEquals(List.of(op(3, "x"), op(4, "x")), doc.opsSince(13));
        assertEquals(new Applied(16, op("y", 5)), doc.submit(13, op("y", 3)));
    }

    @Test
    void historyLimitKeepsExactlyTheLastOperations() {
        ServerDocument doc = new ServerDocument("", 0, 3);
        for (int i = 0; i < 100; i++) {
            doc.submit(i, TextOperation.builder().retain(i).insert("x").build());
            assertEquals(Math.max(0, i + 1 - 3), doc.oldestVersion());
            assertEquals(Math.min(i + 1, 3), doc.opsSince(doc.oldestVersion()).size());
        }
        assertEquals(10_000, ServerDocument.DEFAULT_HISTORY_LIMIT);
    }

    @Test
    void transformSelectionMovesToTheCurrentVersion() {
        ServerDocument doc = new ServerDocument("hello", 0);
        doc.submit(0, op("> ", 5));
        doc.submit(1, op(2, -3, 2));
        assertEquals("> lo", doc.content());
        // anchor before "o" stays before it; head inside the deleted "hel" collapses to its start
        assertEquals(Selection.of(3, 2), doc.transformSelection(0, Selection.of(4, 1)));
        assertEquals(Selection.cursor(4), doc.transformSelection(0, Selection.cursor(5)));
        assertEquals(Selection.cursor(1), doc.transformSelection(2, Selection.cursor(1)));
        assertInvalid(
                "transformSelection: position 5 beyond document length 4 at version 2",
                () -> doc.transformSelection(2, Selection.of(1, 5)));
        assertInvalid(
                "transformSelection: position 6 beyond document length 5 at version 0",
                () -> doc.transformSelection(0, Selection.cursor(6)));
    }

    @Test
    void transformSelectionMovesBetweenTwoVersions() {
        ServerDocument doc = new ServerDocument("hello", 0);
        doc.submit(0, op("> ", 5));
        doc.submit(1, op(2, -3, 2));
        // to version 1 only: both positions move right past "> "
        assertEquals(Selection.of(6, 3), doc.transformSelection(0, Selection.of(4, 1), 1));
        // then on to version 2 gives what the two-argument form gives in one go
        assertEquals(Selection.of(3, 2), doc.transformSelection(1, Selection.of(6, 3), 2));
        assertEquals(Selection.of(3, 2), doc.transformSelection(0, Selection.of(4, 1), 2));
        // an empty range of versions changes nothing, also at the current version
        assertEquals(Selection.cursor(5), doc.transformSelection(0, Selection.cursor(5), 0));
        assertEquals(Selection.cursor(7), doc.transformSelection(1, Selection.cursor(7), 1));
        assertEquals(Selection.cursor(4), doc.transformSelection(2, Selection.cursor(4), 2));
    }

    @Test
    void transformSelectionBetweenVersionsChecksItsArguments() {
        ServerDocument doc = new ServerDocument("hello", 0);
        doc.submit(0, op("> ", 5));
        doc.submit(1, op(2, -3, 2));
        assertInvalid(
                "transformSelection: position 8 beyond document length 7 at version 1",
                () -> doc.transformSelection(1, Selection.of(8, 0), 1));
        assertEquals(
                "transformSelection: toVersion 1 is before fromVersion 2",
                assertThrows(IllegalArgumentException.class, () -> doc.transformSelection(2, Selection.cursor(0), 1))
                        .getMessage());
        assertOutOfRange(
                "transformSelection: version 3 out of range [0, 2]",
                3,
                0,
                2,
                () -> doc.transformSelection(0, Selection.cursor(0), 3));
        assertOutOfRange(
                "transformSelection: version -1 out of range [0, 2]",
                -1,
                0,
                2,
                () -> doc.transformSelection(-1, Selection.cursor(0), 2));
        assertEquals(
                "selection",
                assertThrows(NullPointerException.class, () -> doc.transformSelection(0, null, 1))
                        .getMessage());
    }

    @Test
    void transformSelectionBetweenVersionsStaysInTheKeptHistory() {
        ServerDocument doc = new ServerDocument("", 10, 2);
        for (int i = 0; i < 5; i++) {
            doc.submit(10 + i, TextOperation.builder().retain(i).insert("x").build());
        }
        assertEquals(13, doc.oldestVersion());
        // version 14's op inserts "x" exactly at 3 and version 15's exactly at 4: an insert at the
        // cursor pushes it right, each time
        assertEquals(Selection.cursor(4), doc.transformSelection(13, Selection.cursor(3), 14));
        assertEquals(Selection.cursor(5), doc.transformSelection(13, Selection.cursor(3), 15));
        assertOutOfRange(
                "transformSelection: version 12 out of range [13, 15]",
                12,
                13,
                15,
                () -> doc.transformSelection(12, Selection.cursor(0), 14));
    }

    @Test
    void lengthAtReadsTheKeptHistory() {
        ServerDocument doc = new ServerDocument("hello", 0);
        doc.submit(0, op("> ", 5));
        doc.submit(1, op(2, -3, 2));
        assertEquals(List.of(5, 7, 4), List.of(doc.lengthAt(0), doc.lengthAt(1), doc.lengthAt(2)));
        assertOutOfRange("lengthAt: version 3 out of range [0, 2]", 3, 0, 2, () -> doc.lengthAt(3));

        ServerDocument trimmed = new ServerDocument("", 10, 2);
        for (int i = 0; i < 5; i++) {
            trimmed.submit(10 + i, TextOperation.builder().retain(i).insert("x").build());
        }
        assertEquals(List.of(3, 4, 5), List.of(trimmed.lengthAt(13), trimmed.lengthAt(14), trimmed.lengthAt(15)));
        assertOutOfRange("lengthAt: version 12 out of range [13, 15]", 12, 13, 15, () -> trimmed.lengthAt(12));
    }

    @Test
    void invalidOperationLeavesTheDocumentUnchanged() {
        ServerDocument doc = new ServerDocument("abc", 0);
        doc.submit(0, op(3, "d"));
        assertInvalid("submit: op.baseLength 5 != document length 3 at version 0", () -> doc.submit(0, op(5)));
        assertInvalid("submit: op.baseLength 3 != document length 4 at version 1", () -> doc.submit(1, op(3)));
        assertEquals("abcd", doc.content());
        assertEquals(1, doc.version());
        assertEquals(List.of(op(3, "d")), doc.opsSince(0));
    }

    @Test
    void surrogateSplitIsRejectedAndChangesNothing() {
        ServerDocument doc = new ServerDocument("a\uD83D\uDE00", 0);
        assertInvalid("submit: position 2 splits a surrogate pair", () -> doc.submit(0, op(2, "X", 1)));
        assertInvalid("submit: position 2 splits a surrogate pair", () -> doc.submit(0, op(1, -1, 1)));
        doc.submit(0, op("zz", 3));
        // Made at version 0, transformed to split the pair at position 4 of "zza😀".
        assertInvalid("submit: position 4 splits a surrogate pair", () -> doc.submit(0, op(2, "X", 1)));
        assertEquals("zza\uD83D\uDE00", doc.content());
        assertEquals(1, doc.version());
    }

    @Test
    void emojiEditsKeepPairsWhole() {
        ServerDocument doc = new ServerDocument("", 0);
        doc.submit(0, op("\uD83D\uDE00\uD83D\uDC4D"));
        doc.submit(1, op(2, "x", 2));
        doc.submit(2, op(-2, 3));
        assertEquals("x\uD83D\uDC4D", doc.content());
    }

    @Test
    void largeInsertsAndFarJumpsGrowTheBuffer() {
        ServerDocument doc = new ServerDocument("", 0);
        StringBuilder model = new StringBuilder();
        String big = "0123456789".repeat(1000);
        doc.submit(0, op(big));
        model.append(big);
        doc.submit(1, op(5, "head", 9995));
        model.insert(5, "head");
        doc.submit(2, op(9990, -9, "tail", 5));
        model.replace(9990, 9999, "tail");
        doc.submit(3, op(1, -3, 9995));
        model.delete(1, 4);
        assertEquals(model.toString(), doc.content());
        assertEquals(model.length(), doc.length());
    }

    @Test
    void constructorAndAppliedValidate() {
        assertEquals(
                "version: expected >= 0, found -1",
                assertThrows(IllegalArgumentException.class, () -> new ServerDocument("", -1))
                        .getMessage());
        assertEquals(
                "historyLimit: expected >= 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> new ServerDocument("", 0, 0))
                        .getMessage());
        assertEquals(
                "content",
                assertThrows(NullPointerException.class, () -> new ServerDocument(null, 0))
                        .getMessage());
        assertEquals(
                "version: expected >= 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> new Applied(0, op()))
                        .getMessage());
    }

    @Test
    void keepsTheUtf8LengthAndRefusesAnOpOverTheLimit() {
        // "aé€😀": 1 + 2 + 3 + 4 bytes.
        ServerDocument doc = new ServerDocument("a\u00e9\u20ac\ud83d\ude00", 0);
        assertEquals(10, doc.utf8Length());
        doc.submit(0, op(1, -2, 2), 10);
        assertEquals(5, doc.utf8Length());
        doc.submit(1, op(3, "xy"), 7);
        assertEquals(7, doc.utf8Length());
        DocumentTooLargeException e = assertThrows(DocumentTooLargeException.class, () -> doc.submit(2, op(5, "z"), 7));
        assertEquals("submit: the text would be 8 UTF-8 bytes, over the limit of 7", e.getMessage());
        assertEquals(2, doc.version());
        assertEquals("a\ud83d\ude00xy", doc.content());
        // Shrinking is always allowed, even over a limit.
        doc.submit(2, op(-1, 4), 1);
        assertEquals(6, doc.utf8Length());
    }

    @Test
    void rewindDropsTheOpsAfterAVersionAndKeepsTheHistoryBeforeIt() {
        ServerDocument doc = new ServerDocument("ab", 0);
        doc.submit(0, op(2, "c")); // "abc" at 1
        doc.submit(1, op(3, "d")); // "abcd" at 2
        doc.submit(2, op(1, -3)); // "a" at 3
        doc.rewind(1, "abc");
        assertEquals("abc", doc.content());
        assertEquals(1, doc.version());
        assertEquals(List.of(op(2, "c")), doc.opsSince(0));
        assertEquals(3, doc.utf8Length());
        // A winner at 2, then the op made at 1 again: transformed past it.
        doc.submit(1, op("x", 3));
        assertEquals(new Applied(3, op(2, "y", 2)), doc.submit(1, op(1, "y", 2)));
        assertEquals("xaybc", doc.content());
    }

    @Test
    void rewindRefusesAVersionOutsideTheHistoryAndTextOfTheWrongLength() {
        ServerDocument doc = new ServerDocument("ab", 4);
        doc.submit(4, op(2, "c"));
        assertOutOfRange("rewind: version 3 out of range [4, 5]", 3, 4, 5, () -> doc.rewind(3, "ab"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> doc.rewind(4, "abc"));
        assertEquals("rewind: content.length 3 != document length 2 at version 4", e.getMessage());
        assertEquals("abc", doc.content());
        assertEquals(5, doc.version());
    }
}
