package dev.quire.ot;

import static dev.quire.ot.TextOperationTest.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class UndoManagerTest {
    /** A document with its undo manager, as an editor binding would hold them. */
    static final class Editor {
        final UndoManager undo;
        String text;

        Editor(String text, UndoManager undo) {
            this.text = text;
            this.undo = undo;
        }

        void local(TextOperation op, long time) {
            undo.recordLocal(op, text, time);
            text = op.apply(text);
        }

        void remote(TextOperation op) {
            undo.transformRemote(op);
            text = op.apply(text);
        }

        Optional<TextOperation> undo() {
            Optional<TextOperation> op = undo.undo(text);
            op.ifPresent(o -> text = o.apply(text));
            return op;
        }

        Optional<TextOperation> redo() {
            Optional<TextOperation> op = undo.redo(text);
            op.ifPresent(o -> text = o.apply(text));
            return op;
        }
    }

    @Test
    void emptyManagerHasNothingToUndoOrRedo() {
        UndoManager m = new UndoManager();
        assertFalse(m.canUndo());
        assertFalse(m.canRedo());
        assertEquals(Optional.empty(), m.undo("abc"));
        assertEquals(Optional.empty(), m.redo("abc"));
    }

    @Test
    void consecutiveTypingIsOneStep() {
        Editor e = new Editor("", new UndoManager());
        e.local(op("a"), 0);
        e.local(op(1, "b"), 100);
        e.local(op(2, "c"), 600);
        assertEquals("abc", e.text);
        assertEquals(Optional.of(op(-3)), e.undo());
        assertEquals("", e.text);
        assertFalse(e.undo.canUndo());
    }

    @Test
    void aLongerPauseStartsANewStep() {
        Editor e = new Editor("", new UndoManager(500, 100));
        e.local(op("a"), 0);
        e.local(op(1, "b"), 501);
        assertEquals(Optional.of(op(1, -1)), e.undo());
        assertEquals("a", e.text);
        assertEquals(Optional.of(op(-1)), e.undo());
        assertEquals("", e.text);
    }

    @Test
    void anEditElsewhereStartsANewStep() {
        Editor e = new Editor("xy", new UndoManager());
        e.local(op("a", 2), 0);
        e.local(op(3, "b"), 10); // not where the last edit ended (1)
        assertEquals(Optional.of(op(3, -1)), e.undo());
        assertEquals("axy", e.text);
    }

    @Test
    void backspacingFromTheLastEditGroups() {
        Editor e = new Editor("", new UndoManager());
        e.local(op("abc"), 0);
        e.local(op(2, -1), 10);
        e.local(op(1, -1), 20);
        assertEquals("a", e.text);
        assertEquals(Optional.of(op(-1)), e.undo());
        assertEquals("", e.text);
    }

    @Test
    void groupingZeroNeverGroups() {
        Editor e = new Editor("", new UndoManager(0, 10));
        e.local(op("a"), 5);
        e.local(op(1, "b"), 6);
        assertEquals(Optional.of(op(1, -1)), e.undo());
    }

    @Test
    void undoTakesOnlyOwnEditsWhereTheyNowAre() {
        Editor e = new Editor("", new UndoManager());
        e.local(op("abc"), 0);
        e.remote(op("X", 3));
        e.remote(op(4, "Y"));
        assertEquals("XabcY", e.text);
        assertEquals(Optional.of(op(1, -3, 1)), e.undo());
        assertEquals("XY", e.text);
    }

    @Test
    void remoteDeleteOfOwnTextLeavesLessToUndo() {
        Editor e = new Editor("", new UndoManager(0, 10));
        e.local(op("ab"), 0);
        e.local(op(2, "cd"), 1000);
        e.remote(op(2, -2)); // someone deleted "cd"
        assertEquals("ab", e.text);
        assertTrue(e.undo.canUndo());
        assertEquals(Optional.of(op(-2)), e.undo());
        assertEquals("", e.text);
        assertFalse(e.undo.canUndo());
    }

    @Test
    void redoReappliesAndNewEditsClearIt() {
        Editor e = new Editor("hello", new UndoManager());
        e.local(op(5, " world"), 0);
        e.undo();
        assertEquals("hello", e.text);
        assertTrue(e.undo.canRedo());
        e.remote(op("> ", 5));
        assertEquals(Optional.of(op(7, " world")), e.redo());
        assertEquals("> hello world", e.text);
        assertFalse(e.undo.canRedo());
        assertEquals(Optional.of(op(7, -6)), e.undo());
        assertEquals("> hello", e.text);
        e.local(op("!", 7), 10_000);
        assertFalse(e.undo.canRedo());
    }

    @Test
    void noopsAreNotRecorded() {
        UndoManager m = new UndoManager();
        m.recordLocal(op(3), "abc", 0);
        assertFalse(m.canUndo());
    }

    @Test
    void maxStepsDropsTheOldest() {
        Editor e = new Editor("", new UndoManager(0, 2));
        e.local(op("a"), 0);
        e.local(op(1, "b"), 1);
        e.local(op(2, "c"), 2);
        e.undo();
        e.undo();
        assertEquals("a", e.text);
        assertFalse(e.undo.canUndo());
    }

    @Test
    void invalidSettings() {
        assertEquals(
                "groupMillis: expected >= 0, found -1",
                assertThrows(IllegalArgumentException.class, () -> new UndoManager(-1, 1))
                        .getMessage());
        assertEquals(
                "maxSteps: expected >= 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> new UndoManager(0, 0))
                        .getMessage());
        assertEquals(500, UndoManager.DEFAULT_GROUP_MILLIS);
        assertEquals(500, UndoManager.DEFAULT_MAX_STEPS);
    }
}
