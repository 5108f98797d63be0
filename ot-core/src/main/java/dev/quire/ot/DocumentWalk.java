package dev.quire.ot;

import java.util.Objects;

/**
 * What an operation does to a text and to a place in it, found by walking its components from
 * the start: {@link TextOperation#apply}, {@link TextOperation#invert} and
 * {@link TextOperation#transformPosition}. Internal.
 */
final class DocumentWalk {
    private DocumentWalk() {}

    static String apply(TextOperation op, String document) {
        checkLength("apply", op, document);
        op = op.flat();
        StringBuilder out = new StringBuilder(op.targetLength());
        int pos = 0;
        for (int i = 0, size = op.size(); i < size; i++) {
            int code = op.code(i);
            if (code > 0) {
                out.append(document, pos, pos + code);
                pos += code;
                Surrogates.checkBoundary("apply", document, pos);
            } else if (code < 0) {
                pos -= code;
                Surrogates.checkBoundary("apply", document, pos);
            } else {
                out.append(op.textAt(i));
            }
        }
        return out.toString();
    }

    static TextOperation invert(TextOperation op, String document) {
        checkLength("invert", op, document);
        op = op.flat();
        int size = op.size();
        ComponentBuffer inverse = new ComponentBuffer(size + 1);
        int pos = 0;
        for (int i = 0; i < size; i++) {
            int code = op.code(i);
            if (code > 0) {
                inverse.retain(code);
                pos += code;
                Surrogates.checkBoundary("invert", document, pos);
            } else if (code < 0) {
                inverse.insert(document.substring(pos, pos - code));
                pos -= code;
                Surrogates.checkBoundary("invert", document, pos);
            } else {
                inverse.delete(op.textAt(i).length());
            }
        }
        return inverse.build();
    }

    private static void checkLength(String function, TextOperation op, String document) {
        Objects.requireNonNull(document, "document");
        if (document.length() != op.baseLength()) {
            throw new InvalidOperationException(
                    function + ": baseLength " + op.baseLength() + " != document length " + document.length());
        }
    }

    static int transformPosition(TextOperation op, int position) {
        if (position < 0 || position > op.baseLength()) {
            throw new InvalidOperationException(
                    "transformPosition: position " + position + " out of range [0, " + op.baseLength() + "]");
        }
        int remaining = position;
        int result = position;
        for (int i = 0, size = op.size(); i < size && remaining >= 0; i++) {
            int code = op.code(i);
            if (code > 0) {
                remaining -= code;
            } else if (code < 0) {
                result -= Math.min(remaining, -code);
                remaining += code;
            } else {
                result += op.textAt(i).length();
            }
        }
        return result;
    }
}
