package dev.quire.ot;

import java.util.Objects;

/**
 * A document's text that operations edit in place: a {@code char[]} with a gap at the last edit
 * (a gap buffer). Applying an operation costs its components and inserted text plus the distance
 * the gap moves, which for real typing (edits near the previous one) is small, where
 * {@link TextOperation#apply(String)} copies the whole text for every operation. Use it to hold
 * a long document that many operations edit: a server's copy, a bot's, a load generator's.
 *
 * <pre>{@code
 * TextBuffer text = new TextBuffer("Hello world");
 * text.apply(TextOperation.insert(5, ",", text.length()));
 * text.toString();   // "Hello, world"
 * }</pre>
 *
 * <p>Lengths and positions count UTF-16 code units, as in {@link TextOperation}. Not thread-safe:
 * one owner reads and edits it.
 */
public final class TextBuffer {
    private char[] buffer;
    private int gapStart;
    private int gapEnd;

    /**
     * A buffer holding {@code text}.
     *
     * @param text the initial text
     * @throws NullPointerException if text is null
     */
    public TextBuffer(String text) {
        Objects.requireNonNull(text, "text");
        int length = text.length();
        buffer = new char[Math.max(64, length + (length >> 1))];
        text.getChars(0, length, buffer, 0);
        gapStart = length;
        gapEnd = buffer.length;
    }

    /**
     * The length of the text.
     *
     * @return the number of UTF-16 code units
     */
    public int length() {
        return buffer.length - (gapEnd - gapStart);
    }

    /**
     * The UTF-16 code unit at {@code index}.
     *
     * @param index a position in {@code [0, length())}
     * @return the code unit there
     * @throws IndexOutOfBoundsException if index is out of range
     */
    public char charAt(int index) {
        Objects.checkIndex(index, length());
        return index < gapStart ? buffer[index] : buffer[index + gapEnd - gapStart];
    }

    /**
     * Applies {@code op} to the text. The operation is checked first, as
     * {@link TextOperation#apply(String)} checks it; if it fails, the text is unchanged.
     *
     * @param op an operation whose {@link TextOperation#baseLength()} is this text's length
     * @throws InvalidOperationException if the base length differs
     *     ({@code apply: baseLength 4 != document length 3}) or a component boundary would split
     *     a surrogate pair ({@code apply: position 1 splits a surrogate pair})
     * @throws NullPointerException if op is null
     */
    public void apply(TextOperation op) {
        Objects.requireNonNull(op, "op");
        int length = length();
        if (op.baseLength() != length) {
            throw new InvalidOperationException(
                    "apply: baseLength " + op.baseLength() + " != document length " + length);
        }
        int pos = 0;
        for (int i = 0, n = op.componentCount(); i < n; i++) {
            if (!op.isInsert(i)) {
                pos += op.length(i);
                if (pos > 0
                        && pos < length
                        && Character.isHighSurrogate(charAt(pos - 1))
                        && Character.isLowSurrogate(charAt(pos))) {
                    throw new InvalidOperationException("apply: position " + pos + " splits a surrogate pair");
                }
            }
        }
        applyChecked(op);
    }

    private void applyChecked(TextOperation op) {
        int pos = 0;
        for (int i = 0, n = op.componentCount(); i < n; i++) {
            if (op.isRetain(i)) {
                pos += op.length(i);
            } else if (op.isDelete(i)) {
                moveGap(pos);
                gapEnd += op.length(i);
            } else {
                String text = op.text(i);
                int count = text.length();
                moveGap(pos);
                ensureGap(count);
                text.getChars(0, count, buffer, gapStart);
                gapStart += count;
                pos += count;
            }
        }
    }

    private void moveGap(int pos) {
        if (pos < gapStart) {
            int count = gapStart - pos;
            System.arraycopy(buffer, pos, buffer, gapEnd - count, count);
            gapStart = pos;
            gapEnd -= count;
        } else if (pos > gapStart) {
            int count = pos - gapStart;
            System.arraycopy(buffer, gapEnd, buffer, gapStart, count);
            gapStart += count;
            gapEnd += count;
        }
    }

    private void ensureGap(int count) {
        if (gapEnd - gapStart >= count) {
            return;
        }
        int length = length();
        int capacity = Math.max(buffer.length * 2, length + count + 64);
        char[] grown = new char[capacity];
        int tail = buffer.length - gapEnd;
        System.arraycopy(buffer, 0, grown, 0, gapStart);
        System.arraycopy(buffer, gapEnd, grown, capacity - tail, tail);
        gapEnd = capacity - tail;
        buffer = grown;
    }

    /**
     * The text.
     *
     * @return a copy of the whole text
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(length());
        out.append(buffer, 0, gapStart);
        out.append(buffer, gapEnd, buffer.length - gapEnd);
        return out.toString();
    }
}
