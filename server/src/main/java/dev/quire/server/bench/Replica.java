package dev.quire.server.bench;

import dev.quire.ot.TextOperation;

/**
 * One editor's copy of the text in a gap buffer: an op costs its own size plus how far the gap
 * moves (typing moves it little), and allocates nothing unless the gap is full — where
 * {@code op.apply(String)} copies and allocates the whole text per op. With a thousand editors on
 * one document the generator applies a million ops a second; as strings that was its main garbage.
 * (ot-core's own gap buffer is internal to its {@code ServerDocument}.)
 *
 * <p>Ops are trusted: they come from ot-core's client, which checked them. Not thread-safe: owned
 * by one {@link EditorState}.
 */
final class Replica {
    private char[] buffer = new char[64];
    private int gapStart;
    private int gapEnd = buffer.length;

    int length() {
        return buffer.length - (gapEnd - gapStart);
    }

    char charAt(int index) {
        return index < gapStart ? buffer[index] : buffer[index + gapEnd - gapStart];
    }

    /** Replaces the whole text. */
    void reset(String text) {
        buffer = new char[text.length() + 64];
        text.getChars(0, text.length(), buffer, 0);
        gapStart = text.length();
        gapEnd = buffer.length;
    }

    /**
     * Applies {@code op}, whose base length must be this text's length.
     *
     * @throws IllegalArgumentException if it is not
     */
    void apply(TextOperation op) {
        if (op.baseLength() != length()) {
            throw new IllegalArgumentException(
                    "apply: op.baseLength " + op.baseLength() + " != replica length " + length());
        }
        int pos = 0;
        for (int i = 0, n = op.componentCount(); i < n; i++) {
            if (op.isRetain(i)) {
                pos += op.length(i);
            } else if (op.isDelete(i)) {
                moveGap(pos);
                gapEnd += op.length(i);
            } else {
                String text = op.text(i);
                moveGap(pos);
                ensureGap(text.length());
                text.getChars(0, text.length(), buffer, gapStart);
                gapStart += text.length();
                pos += text.length();
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
        int capacity = Math.max(buffer.length * 2, length() + count + 64);
        char[] grown = new char[capacity];
        int tail = buffer.length - gapEnd;
        System.arraycopy(buffer, 0, grown, 0, gapStart);
        System.arraycopy(buffer, gapEnd, grown, capacity - tail, tail);
        gapEnd = capacity - tail;
        buffer = grown;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(length());
        out.append(buffer, 0, gapStart);
        out.append(buffer, gapEnd, buffer.length - gapEnd);
        return out.toString();
    }
}
