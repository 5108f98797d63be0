package dev.quire.server.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.TextOperation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The estimate behind {@code --transform-budget}: walk steps cost m, piece-tree steps a constant. */
class TransformBudgetTest {
    private static final TextOperation TYPING = TextOperation.insert(5, "z", 10);

    @Test
    void aShortOpCostsItsComponentsPerVersionBehindWithoutReadingTheHistory() {
        assertEquals(1000, TransformBudget.cost(10, 100, () -> {
            throw new AssertionError("the history is read only for long ops");
        }));
        assertEquals(31 * 7, TransformBudget.cost(31, 7, () -> {
            throw new AssertionError("the history is read only for long ops");
        }));
    }

    @Test
    void aLongOpThroughTypingCostsOneTreeStepPerVersion() {
        assertEquals(3_000L * 1024, TransformBudget.cost(20_000, 3_000, () -> Collections.nCopies(3_000, TYPING)));
        // Shorter than a tree step: its components.
        assertEquals(3_000L * 40, TransformBudget.cost(40, 3_000, () -> Collections.nCopies(3_000, TYPING)));
    }

    @Test
    void aLongOpThroughLongOpsOrThroughTheOpLogIsAWalk() {
        TextOperation.Builder b = TextOperation.builder();
        for (int i = 0; i < 10; i++) {
            b.retain(1).insert("y");
        }
        TextOperation paste = b.retain(1).build(); // 21 components: not short
        List<TextOperation> known = new ArrayList<>(Collections.nCopies(999, TYPING));
        known.add(paste);
        // 2,000 versions only in the op log (m each), 999 typing ops (1,024 each), one paste (m + 21).
        assertEquals(2_000L * 20_000 + 999L * 1024 + 20_021, TransformBudget.cost(20_000, 3_000, () -> known));
    }
}
