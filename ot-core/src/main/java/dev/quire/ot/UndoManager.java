package dev.quire.ot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Undo and redo of one user's own edits in a shared document, as in ot.js: other people's edits
 * are never undone, and the user's edits are undone where they now are, after everyone else's
 * typing has moved them.
 *
 * <p>The owner reports three things: each local edit ({@link #recordLocal}), each remote edit
 * ({@link #transformRemote}), and asks for {@link #undo} or {@link #redo}, whose result it applies
 * and sends like any local edit (but does not report through {@link #recordLocal}).
 *
 * <p>Consecutive typing is grouped into one undo step: an edit is merged into the previous step
 * when it comes within {@code groupMillis} of it and starts where the previous edit ended (typing
 * on, or deleting backwards from there). Time is given by the caller; nothing here reads a clock.
 *
 * <p>Mutable, with one owner (the editor binding); not thread-safe.
 */
public final class UndoManager {
    /** The default longest pause between two edits of one undo step, in milliseconds. */
    public static final long DEFAULT_GROUP_MILLIS = 500;
    /** The default number of undo steps kept. */
    public static final int DEFAULT_MAX_STEPS = 500;

    private final long groupMillis;
    private final int maxSteps;
    // Each entry is an inverse operation applying to the document as it is now (top = last).
    private List<TextOperation> undoStack = new ArrayList<>();
    private List<TextOperation> redoStack = new ArrayList<>();
    private long lastTime = Long.MIN_VALUE;
    // Where the last grouped edit ended in the current document, or -1 when grouping is broken.
    private int lastEnd = -1;

    /** An undo manager with the default grouping pause and step limit. */
    public UndoManager() {
        this(DEFAULT_GROUP_MILLIS, DEFAULT_MAX_STEPS);
    }

    /**
     * An undo manager with the given grouping pause and step limit.
     *
     * @param groupMillis the longest pause between two edits of one step; 0 never groups
     * @param maxSteps how many undo steps to keep, at least 1
     */
    public UndoManager(long groupMillis, int maxSteps) {
        if (groupMillis < 0) {
            throw new IllegalArgumentException("groupMillis: expected >= 0, found " + groupMillis);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps: expected >= 1, found " + maxSteps);
        }
        this.groupMillis = groupMillis;
        this.maxSteps = maxSteps;
    }

    /**
     * Records a local edit, made on {@code before} at {@code timeMillis}. Clears the redo stack.
     *
     * @param op the edit, as applied to {@code before}
     * @param before the document the edit was made on
     * @param timeMillis when the edit was made, on any clock the caller keeps increasing
     */
    public void recordLocal(TextOperation op, String before, long timeMillis) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(before, "before");
        if (op.isNoop()) {
            return;
        }
        TextOperation inverse = op.invert(before);
        Edit edit = Edit.of(op);
        boolean group = !undoStack.isEmpty()
                && edit != null
                && lastEnd >= 0
                && edit.start == lastEnd
                && timeMillis >= lastTime
                && timeMillis - lastTime <= groupMillis;
        if (group) {
            int top = undoStack.size() - 1;
            undoStack.set(top, inverse.compose(undoStack.get(top)));
        } else {
            undoStack.add(inverse);
            if (undoStack.size() > maxSteps) {
                undoStack.remove(0);
            }
        }
        redoStack = new ArrayList<>();
        lastTime = timeMillis;
        lastEnd = edit == null ? -1 : edit.end;
    }

    /**
     * Moves every undo and redo step through another user's edit of the current document.
     *
     * @param op the other user's edit, applying to the current document
     */
    public void transformRemote(TextOperation op) {
        Objects.requireNonNull(op, "op");
        undoStack = transformStack(undoStack, op);
        redoStack = transformStack(redoStack, op);
        if (lastEnd >= 0) {
            lastEnd = lastEnd <= op.baseLength() ? op.transformPosition(lastEnd) : -1;
        }
    }

    private static List<TextOperation> transformStack(List<TextOperation> stack, TextOperation op) {
        List<TextOperation> moved = new ArrayList<>(stack.size());
        TextOperation remote = op;
        // The top step applies to the current document; each step below applies after the one above
        // has been undone, so the remote edit is carried down the stack as it goes.
        for (int i = stack.size() - 1; i >= 0; i--) {
            Transformed t = TextOperation.transform(stack.get(i), remote);
            if (!t.a().isNoop()) {
                moved.add(t.a());
            }
            remote = t.b();
        }
        java.util.Collections.reverse(moved);
        return moved;
    }

    /**
     * Whether there is an edit to undo.
     *
     * @return true if {@link #undo(String)} would return an operation
     */
    public boolean canUndo() {
        return !undoStack.isEmpty();
    }

    /**
     * Whether there is an undone edit to redo.
     *
     * @return true if {@link #redo(String)} would return an operation
     */
    public boolean canRedo() {
        return !redoStack.isEmpty();
    }

    /**
     * Takes the last undo step: the operation to apply to {@code current} (and send). Its inverse
     * becomes the next redo step.
     *
     * @param current the current document
     * @return the operation to apply and send, or empty when there is nothing to undo
     */
    public Optional<TextOperation> undo(String current) {
        return step(undoStack, redoStack, current);
    }

    /**
     * Takes the last redo step, the operation to apply to {@code current} (and send).
     *
     * @param current the current document
     * @return the operation to apply and send, or empty when there is nothing to redo
     */
    public Optional<TextOperation> redo(String current) {
        return step(redoStack, undoStack, current);
    }

    private Optional<TextOperation> step(List<TextOperation> from, List<TextOperation> to, String current) {
        Objects.requireNonNull(current, "current");
        if (from.isEmpty()) {
            return Optional.empty();
        }
        TextOperation op = from.remove(from.size() - 1);
        to.add(op.invert(current));
        lastEnd = -1;
        return Optional.of(op);
    }

    /** Where a simple edit (one insert or one delete) starts and ends, for grouping. */
    private record Edit(int start, int end) {
        static Edit of(TextOperation op) {
            int pos = 0;
            Edit edit = null;
            for (int i = 0, n = op.componentCount(); i < n; i++) {
                if (op.isRetain(i)) {
                    pos += op.length(i);
                } else if (edit != null) {
                    return null;
                } else if (op.isInsert(i)) {
                    edit = new Edit(pos, pos + op.length(i));
                } else {
                    // Backspace: deleting the characters that end where the previous edit ended.
                    edit = new Edit(pos + op.length(i), pos);
                }
            }
            return edit;
        }
    }
}
