package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.ot.server.ServerDocument;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every bug found in ot-core's main code while proving it, kept as a named regression test
 * (jsoup's FuzzFixesTest). Each test says how it was found.
 */
class FuzzFixesTest {
    static TextOperation op(Object... json) {
        return TextOperation.fromJson(List.of(json));
    }

    /**
     * Found by review of the history trimming: {@code 2 * historyLimit} overflowed for a limit above
     * 2^30 (Integer.MAX_VALUE is a natural "keep everything"), so the first submit tried to drop a
     * negative number of ops and threw IllegalArgumentException from subList.
     */
    @Test
    void historyLimitAboveTwoToTheThirtyDoesNotOverflow() {
        ServerDocument doc = new ServerDocument("", 0, Integer.MAX_VALUE);
        doc.submit(0, op("a"));
        doc.submit(0, op("b"));
        assertEquals("ba", doc.content());
        assertEquals(0, doc.oldestVersion());
        assertEquals(List.of(op("a"), op("b", 1)), doc.opsSince(0));
        ServerDocument big = new ServerDocument("", 0, (1 << 30) + 1);
        big.submit(0, op("x"));
        assertEquals(List.of(op("x")), big.opsSince(0));
    }

    /**
     * Found by review of composeAll's argument checks: a one-element list holding null returned null
     * (the null check ran only between neighbours), where every other null throws.
     */
    @Test
    void composeAllOfASingleNullThrows() {
        NullPointerException e = assertThrows(
                NullPointerException.class, () -> TextOperation.composeAll(Arrays.asList((TextOperation) null)));
        assertEquals("operation", e.getMessage());
    }
}
