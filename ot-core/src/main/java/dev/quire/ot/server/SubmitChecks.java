package dev.quire.ot.server;

import dev.quire.ot.InvalidOperationException;
import dev.quire.ot.TextBuffer;
import dev.quire.ot.TextOperation;

/**
 * What {@link ServerDocument#submit} checks of a transformed operation against the text before it
 * applies it: that it applies (its errors name {@code submit}), and how many UTF-8 bytes it adds,
 * for the document's size limit. Changes nothing. Internal.
 */
final class SubmitChecks {
    private SubmitChecks() {}

    /** Checks that {@code op} applies to {@code text}: its base length, no boundary inside a surrogate pair. */
    static void validate(TextBuffer text, TextOperation op) {
        int length = text.length();
        if (op.baseLength() != length) {
            throw new InvalidOperationException(
                    "submit: baseLength " + op.baseLength() + " != document length " + length);
        }
        int pos = 0;
        for (int i = 0, n = op.componentCount(); i < n; i++) {
            if (op.isInsert(i)) {
                continue;
            }
            pos += op.length(i);
            if (pos > 0
                    && pos < length
                    && Character.isHighSurrogate(text.charAt(pos - 1))
                    && Character.isLowSurrogate(text.charAt(pos))) {
                throw new InvalidOperationException("submit: position " + pos + " splits a surrogate pair");
            }
        }
    }

    /**
     * How many UTF-8 bytes the text gains (or, negative, loses) when {@code op}, already checked by
     * {@link #validate}, is applied. Reads the deleted text: costs the op's size.
     */
    static long utf8Delta(TextBuffer text, TextOperation op) {
        long delta = 0;
        int pos = 0;
        for (int i = 0, n = op.componentCount(); i < n; i++) {
            if (op.isRetain(i)) {
                pos += op.length(i);
            } else if (op.isDelete(i)) {
                for (int end = pos + op.length(i); pos < end; pos++) {
                    delta -= utf8Bytes(text.charAt(pos));
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
}
