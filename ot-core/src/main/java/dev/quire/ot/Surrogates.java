package dev.quire.ot;

/**
 * The two rules of UTF-16 surrogate pairs that operations keep (see {@link TextOperation}): an
 * inserted text has no unpaired surrogate, and no component boundary falls between the two
 * halves of a pair of the document. Internal.
 */
final class Surrogates {
    private Surrogates() {}

    /** The index of the first unpaired surrogate in {@code text}, or -1 if it has none. */
    static int unpaired(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Throws, naming {@code function}, if {@code pos} falls between the halves of a pair of {@code document}. */
    static void checkBoundary(String function, CharSequence document, int pos) {
        if (pos > 0
                && pos < document.length()
                && Character.isHighSurrogate(document.charAt(pos - 1))
                && Character.isLowSurrogate(document.charAt(pos))) {
            throw new InvalidOperationException(function + ": position " + pos + " splits a surrogate pair");
        }
    }
}
