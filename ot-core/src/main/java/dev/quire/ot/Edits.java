package dev.quire.ot;

import java.util.Objects;

/**
 * {@link TextOperation#insert}, {@link TextOperation#delete} and {@link TextOperation#replace}:
 * one splice at a given place of a document whose length is given, checked the same way by all
 * three, with messages that name the function and the argument.
 */
final class Edits {
    private Edits() {}

    static TextOperation replace(String function, int from, int to, String text, int documentLength) {
        if (documentLength < 0) {
            throw new InvalidOperationException(function + ": expected documentLength >= 0, found " + documentLength);
        }
        String name = "insert".equals(function) ? "at" : "from";
        if (from < 0 || from > documentLength) {
            throw new InvalidOperationException(
                    function + ": " + name + " " + from + " out of range [0, " + documentLength + "]");
        }
        if (to < from || to > documentLength) {
            throw new InvalidOperationException(
                    function + ": to " + to + " out of range [" + from + ", " + documentLength + "]");
        }
        Objects.requireNonNull(text, "text");
        int bad = Surrogates.unpaired(text);
        if (bad >= 0) {
            throw new InvalidOperationException(
                    function + ": unpaired surrogate at index " + bad + " of the inserted text");
        }
        int kept = documentLength - (to - from);
        int targetLength = kept + text.length();
        if (targetLength < 0) {
            throw new InvalidOperationException(
                    function + ": length overflows int (" + kept + " + " + text.length() + ")");
        }
        return TextOperation.splice(from, text, to - from, documentLength, targetLength);
    }
}
