package dev.quire.ot;

import java.util.Objects;

/**
 * The result of {@link TextOperation#transform(TextOperation, TextOperation)}: for two operations
 * {@code a} and {@code b} on the same document, {@code a()} is {@code a} rewritten to apply after
 * {@code b}, and {@code b()} is {@code b} rewritten to apply after {@code a}.
 *
 * <pre>
 *            a
 *      S ---------&gt; Sa
 *      |             |
 *    b |             | b()
 *      v             v
 *      Sb --------&gt; Sab     apply(apply(S, a), b()) == apply(apply(S, b), a())
 *            a()
 * </pre>
 *
 * @param a {@code a} transformed against {@code b}
 * @param b {@code b} transformed against {@code a}
 */
public record Transformed(TextOperation a, TextOperation b) {
    /**
     * Checks that both operations are present.
     *
     * @param a {@code a} transformed against {@code b}
     * @param b {@code b} transformed against {@code a}
     */
    public Transformed {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
    }
}
