package dev.quire.client;

import dev.quire.ot.TextOperation;
import java.util.List;
import java.util.Random;

/** Seeded random edits of a text: inserts from a fixed set of pieces (emoji, a flag, line breaks), deletes of short runs; never inside a surrogate pair. */
final class RandomEdits {
    static final List<String> PIECES = List.of("a", "b", "c", "x", "yz", "\n", "😀", "🎉", "🇫🇷", "é");

    private RandomEdits() {}

    static TextOperation next(String text, Random random) {
        int len = text.length();
        int at = boundary(text, random.nextInt(len + 1));
        if (len > 0 && random.nextInt(100) < (len > 300 ? 70 : 25)) {
            at = boundary(text, Math.min(at, len - 1));
            int end = at;
            int chars = 1 + random.nextInt(4);
            for (int i = 0; i < chars && end < len; i++) {
                end += Character.isHighSurrogate(text.charAt(end)) && end + 1 < len ? 2 : 1;
            }
            end = boundary(text, end);
            if (end > at) {
                return TextOperation.builder()
                        .retain(at)
                        .delete(end - at)
                        .retain(len - end)
                        .build();
            }
        }
        return TextOperation.builder()
                .retain(at)
                .insert(PIECES.get(random.nextInt(PIECES.size())))
                .retain(len - at)
                .build();
    }

    /** Moves {@code at} back off the middle of a surrogate pair. */
    private static int boundary(String text, int at) {
        if (at > 0
                && at < text.length()
                && Character.isLowSurrogate(text.charAt(at))
                && Character.isHighSurrogate(text.charAt(at - 1))) {
            return at - 1;
        }
        return at;
    }
}
