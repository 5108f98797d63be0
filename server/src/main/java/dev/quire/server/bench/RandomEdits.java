package dev.quire.server.bench;

import dev.quire.ot.TextBuffer;
import dev.quire.ot.TextOperation;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The random local edits of an {@link EditorState} (the load generator's measured mix): mostly
 * one-character inserts of {@code a}–{@code z}, about one insert in twenty an emoji (most of them a
 * surrogate pair, the flag two), some deletes of a character or a short run; deletes grow likelier
 * past 400 characters so the text stays small. An edit never splits a surrogate pair.
 *
 * <p>Stateless apart from the inserts it draws from; the text and the random source are the caller's.
 */
final class RandomEdits {
    /** The text length the random edits drift towards, so client-side work stays bounded. */
    private static final int TARGET_LENGTH = 400;

    private static final String[] EMOJI = {"😀", "🎉", "👍", "🚀", "❤️", "🇫🇷"};

    /** The bench's inserts: a letter, or one time in twenty an emoji. */
    static final RandomEdits BENCH = new RandomEdits(RandomEdits::benchInsert);

    private final Function<RandomGenerator, String> inserts;

    private RandomEdits(Function<RandomGenerator, String> inserts) {
        this.inserts = inserts;
    }

    /**
     * Edits whose inserts are drawn from {@code pieces} (each inserted whole, so a piece may hold
     * surrogate pairs, line breaks or several characters); deletes as the bench's.
     *
     * @throws IllegalArgumentException if there are no pieces or one is empty
     */
    static RandomEdits of(List<String> pieces) {
        List<String> copy = List.copyOf(pieces);
        if (copy.isEmpty() || copy.contains("")) {
            throw new IllegalArgumentException("pieces: expected non-empty strings, found " + pieces);
        }
        return new RandomEdits(r -> copy.get(r.nextInt(copy.size())));
    }

    private static String benchInsert(RandomGenerator random) {
        return random.nextInt(20) == 0
                ? EMOJI[random.nextInt(EMOJI.length)]
                : String.valueOf((char) ('a' + random.nextInt(26)));
    }

    /** One random edit of {@code text} (not applied), or none when the draw changes nothing. */
    Optional<TextOperation> next(TextBuffer text, RandomGenerator random) {
        int len = text.length();
        boolean delete = len > 0 && random.nextInt(100) < (len >= TARGET_LENGTH ? 70 : 25);
        int at = boundary(text, random.nextInt(len + 1));
        if (!delete) {
            String insert = inserts.apply(random);
            return Optional.of(TextOperation.builder()
                    .retain(at)
                    .insert(insert)
                    .retain(len - at)
                    .build());
        }
        at = Math.min(at, boundary(text, len - 1));
        int end = at;
        int chars = random.nextInt(10) == 0 ? 1 + random.nextInt(8) : 1;
        for (int i = 0; i < chars && end < len; i++) {
            end += Character.isHighSurrogate(text.charAt(end)) && end + 1 < len ? 2 : 1;
        }
        end = boundary(text, end);
        if (end == at) {
            return Optional.empty();
        }
        return Optional.of(TextOperation.builder()
                .retain(at)
                .delete(end - at)
                .retain(len - end)
                .build());
    }

    /** Moves {@code at} back off the middle of a surrogate pair. */
    private static int boundary(TextBuffer text, int at) {
        if (at > 0
                && at < text.length()
                && Character.isLowSurrogate(text.charAt(at))
                && Character.isHighSurrogate(text.charAt(at - 1))) {
            return at - 1;
        }
        return Math.max(at, 0);
    }
}
