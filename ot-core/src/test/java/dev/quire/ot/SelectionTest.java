package dev.quire.ot;

import static dev.quire.ot.TextOperationTest.assertInvalid;
import static dev.quire.ot.TextOperationTest.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {
    @Test
    void factories() {
        assertEquals(new Selection(List.of(new Selection.Range(3, 3))), Selection.cursor(3));
        assertEquals(new Selection(List.of(new Selection.Range(1, 4))), Selection.of(1, 4));
        assertTrue(Selection.cursor(3).ranges().get(0).isCursor());
        assertFalse(Selection.of(1, 4).ranges().get(0).isCursor());
    }

    @Test
    void insertBeforeOrAtACursorPushesItRight() {
        assertEquals(Selection.cursor(5), Selection.cursor(3).transform(op(1, "ab", 4)));
        assertEquals(Selection.cursor(5), Selection.cursor(3).transform(op(3, "ab", 2)));
        assertEquals(Selection.cursor(3), Selection.cursor(3).transform(op(4, "ab", 1)));
    }

    @Test
    void deleteAroundAPositionCollapsesItToTheDeleteStart() {
        assertEquals(Selection.cursor(1), Selection.cursor(3).transform(op(1, -4)));
        assertEquals(Selection.of(1, 1), Selection.of(2, 4).transform(op(1, -4)));
        assertEquals(Selection.of(1, 2), Selection.of(2, 6).transform(op(1, -4, 1)));
    }

    @Test
    void rangesKeepTheirDirectionAndOrder() {
        Selection s = new Selection(List.of(new Selection.Range(4, 1), new Selection.Range(0, 0)));
        Selection moved = s.transform(op("xy", 5));
        assertEquals(List.of(new Selection.Range(6, 3), new Selection.Range(2, 2)), moved.ranges());
    }

    @Test
    void rangesAreCopied() {
        List<Selection.Range> ranges = new ArrayList<>(List.of(new Selection.Range(1, 1)));
        Selection s = new Selection(ranges);
        ranges.add(new Selection.Range(2, 2));
        assertEquals(1, s.ranges().size());
    }

    @Test
    void invalidSelections() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> new Selection(List.of()));
        assertEquals("ranges: expected at least one range, found none", empty.getMessage());
        assertEquals(
                "anchor: expected >= 0, found -1",
                assertThrows(IllegalArgumentException.class, () -> new Selection.Range(-1, 0))
                        .getMessage());
        assertEquals(
                "head: expected >= 0, found -2",
                assertThrows(IllegalArgumentException.class, () -> Selection.of(0, -2))
                        .getMessage());
        assertEquals(
                "ranges",
                assertThrows(NullPointerException.class, () -> new Selection(null))
                        .getMessage());
    }

    @Test
    void positionBeyondTheOperationThrows() {
        assertInvalid("transformPosition: position 9 out of range [0, 5]", () -> Selection.cursor(9)
                .transform(op(5)));
    }
}
