package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The gap-buffer text against {@code apply} on strings. */
class TextBufferTest {
    @Test
    void randomSplicesGiveWhatStringApplyGives() {
        long seed = Long.getLong("quire.seed", 20261206L);
        System.out.println("[text-buffer] -Dquire.seed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        TextBuffer text = new TextBuffer("start");
        String expected = "start";
        for (int i = 0; i < 5_000; i++) {
            int len = expected.length();
            int at = random.nextInt(len + 1);
            int delete = at == len ? 0 : random.nextInt(Math.min(8, len - at) + 1);
            String insert = random.nextInt(3) == 0 ? "" : "xyz😀".substring(0, 1 + random.nextInt(3)) + i;
            TextOperation op = TextOperation.builder()
                    .retain(at)
                    .delete(delete)
                    .insert(insert)
                    .retain(len - at - delete)
                    .build();
            text.apply(op);
            expected = op.apply(expected);
            assertEquals(expected.length(), text.length(), "length after op " + i);
            int probe = expected.isEmpty() ? -1 : random.nextInt(expected.length());
            if (probe >= 0) {
                assertEquals(expected.charAt(probe), text.charAt(probe), "char " + probe + " after op " + i);
            }
        }
        assertEquals(expected, text.toString());
    }

    @Test
    void anOpThatDoesNotApplyIsRefusedAndChangesNothing() {
        TextBuffer text = new TextBuffer("abc");
        InvalidOperationException e = assertThrows(
                InvalidOperationException.class,
                () -> text.apply(TextOperation.builder().retain(4).build()));
        assertEquals("apply: baseLength 4 != document length 3", e.getMessage());
        assertEquals("abc", text.toString());

        TextBuffer emoji = new TextBuffer("a😀b");
        e = assertThrows(InvalidOperationException.class, () -> emoji.apply(TextOperation.insert(2, "x", 4)));
        assertEquals("apply: position 2 splits a surrogate pair", e.getMessage());
        assertEquals("a😀b", emoji.toString());
        assertThrows(IndexOutOfBoundsException.class, () -> emoji.charAt(4));
    }

    @Test
    void theJavadocExample() {
        TextBuffer text = new TextBuffer("Hello world");
        text.apply(TextOperation.insert(5, ",", text.length()));
        assertEquals("Hello, world", text.toString());
    }
}
