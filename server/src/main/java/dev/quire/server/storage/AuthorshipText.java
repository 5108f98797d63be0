package dev.quire.server.storage;

import dev.quire.ot.Authorship;
import dev.quire.ot.Authorship.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a snapshot's {@link Authorship} (issue 17, decision 033): its spans in text
 * order, each as {@code <length> <time> <author's length>:<author>}, one after the other without
 * separators — for example {@code 7 28934400000 3:Ada6 28934460000 2:Bo} is 7 units by Ada then 6
 * by Bo. Lengths count UTF-16 units, times are epoch milliseconds (to the minute), an empty
 * author is an unknown one. The empty string is "not recorded" for a non-empty text: read back
 * as one span of an unknown author at time 0.
 */
public final class AuthorshipText {
    private AuthorshipText() {}

    /**
     * The stored form of {@code authorship}.
     *
     * @param authorship the authorship to store
     * @return its text form
     */
    public static String encode(Authorship authorship) {
        StringBuilder out = new StringBuilder();
        for (Span s : authorship.spans()) {
            out.append(s.length())
                    .append(' ')
                    .append(s.time())
                    .append(' ')
                    .append(s.author().length())
                    .append(':')
                    .append(s.author());
        }
        return out.toString();
    }

    /**
     * Reads a stored form back.
     *
     * @param text          the stored form, {@code ""} when not recorded
     * @param contentLength the length of the snapshot's text
     * @return the authorship of that text
     * @throws IllegalArgumentException if the text is not in this form or does not cover the content
     */
    public static Authorship decode(String text, int contentLength) {
        if (text.isEmpty()) {
            return Authorship.of(contentLength, "", 0);
        }
        List<Span> spans = new ArrayList<>();
        int at = 0;
        int from = 0;
        while (at < text.length()) {
            int space = text.indexOf(' ', at);
            int space2 = space < 0 ? -1 : text.indexOf(' ', space + 1);
            int colon = space2 < 0 ? -1 : text.indexOf(':', space2 + 1);
            if (colon < 0) {
                throw new IllegalArgumentException("authorship: malformed span at " + at);
            }
            int length = Integer.parseInt(text, at, space, 10);
            long time = Long.parseLong(text, space + 1, space2, 10);
            int authorLength = Integer.parseInt(text, space2 + 1, colon, 10);
            int end = colon + 1 + authorLength;
            if (authorLength < 0 || end > text.length()) {
                throw new IllegalArgumentException("authorship: author at " + colon + " runs past the end");
            }
            spans.add(new Span(from, from + length, text.substring(colon + 1, end), time));
            from += length;
            at = end;
        }
        if (from != contentLength) {
            throw new IllegalArgumentException(
                    "authorship: spans cover " + from + " units, the text has " + contentLength);
        }
        return Authorship.of(spans);
    }
}
