package dev.quire.ot.server;

import dev.quire.ot.InvalidOperationException;
import dev.quire.ot.TextOperation;

/**
 * The text of a {@link ServerDocument}: a {@code char[]} with a gap at the last edit. Applying an
 * operation costs its components and inserted text plus the distance the gap moves, which for
 * real typing (edits near the previous one) is small, instead of a copy of the whole document.
 * Owned by one {@link ServerDocument}; not thread-safe.
 */
final class GapBuffer {
    private char[] buffer;
    private int gapStart;
    private int gapEnd;

    GapBuffer(String content) {
        int length = content.length();
        buffer = new char[Math.max(64, length + (length >> 1))];
        content.getChars(0, length, buffer, 0);
        gapStart = length;
        gapEnd = buffer.length;
    }

    int length() {
        return buffer.length - (gapEnd - gapStart);
    }

    char charAt(int index) {
        return index < gapStart ? buffer[index] : buffer[index + gapEnd - gapStart];
    }

    /**
     * Checks that {@code op} applies to this text: its base length matches and none of its
     * boundaries splits a surrogate pair. Changes nothing.
     */
    void validate(String function, TextOperation op) {
        int length = length();
        if (op.baseLength() != length) {
            throw new InvalidOperationException(
                    function + ": baseLength " + op.baseLength() + " != document length " + length);
        }
        int pos = 0;
        for (int i = 0, n = op.componentCount(); i < n; i++) {
            if (op.isInsert(i)) {
                continue;
            }
            pos += op.length(i);
            if (pos > 0
                    && pos < length
                    && Character.isHighSurrogate(charAt(pos - 1))
                    && Character.isLowSurrogate(charAt(pos))) {
                throw new InvalidOperationException(function + ": position " + pos + " splits a surrogate pair");
            }
        }
    }

    /**
     * How many UTF-8 bytes the text gains (or, negative, loses) when {@code op}, already checked
     * by {@link #validate}, is applied. Reads the deleted text: costs the op's size. Changes
     * nothing.
     */
    long utf8Delta(TextOperation op) {
        long delta = 0;
        int pos = 0;
        for (int i = 0, n = op.componentCount(); i < n; i++) {
            if (op.isRetain(i)) {
                pos += op.length(i);
            } else if (op.isDelete(i)) {
                for (int end = pos + op.length(i); pos < end; pos++) {
                    delta -= utf8Bytes(charAt(pos));
                }
            } else {
                delta += utf8Length(op.text(i));
            }
        }
        return delta;
    }

    /** The UTF-8 length of {@code s}, which has no unpaired surrogate. */
    static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0, length = s.length(); i < length; i++) {
            n += utf8Bytes(s.charAt(i));
        }
        return n;
    }

    // A surrogate pair is 4 bytes of UTF-8, 2 per half; ops never split pairs.
    private static int utf8Bytes(char c) {
        if (c < 0x80) {
            return 1;
        }
        return c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }

    /** Applies an operation already checked by {@link #validate}. */
    void apply(TextOperation op) {
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

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(length());
        out.append(buffer, 0, gapStart);
        out.append(buffer, gapEnd, buffer.length - gapEnd);
        return out.toString();
    }
}
