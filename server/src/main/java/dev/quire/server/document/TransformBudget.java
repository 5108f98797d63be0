package dev.quire.server.document;

import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The most transform work one submitted op may cost ({@code --transform-budget}), in units of
 * one component of a plain walk. A submitted op of {@code m} components is transformed through
 * each op applied since its base version, one at a time:
 *
 * <ul>
 *   <li>a step of the plain walk costs {@code m} (plus the history op's own components when
 *       the submitted op is long: the walk reads both);
 *   <li>when the submitted op is long (≥ {@value #LONG} components) and the history op short
 *       (≤ {@value #SHORT}, typing), ot-core transforms on the long op's piece tree (decision
 *       014): a step costs O(log m), measured as about the same as a walk over
 *       {@value #TREE_STEP} components whatever m (docs/performance.md, "Transform budget").
 * </ul>
 *
 * Steps through ops older than the history in memory (read from the op log) are counted at
 * {@code m}, as before, since their sizes are not known without reading them. Beyond the budget
 * the op is refused with {@code version-out-of-range}; the client rebases it on its current
 * version (costing nothing here) and sends it again.
 */
final class TransformBudget {
    /** ot-core's thresholds for the piece-tree transform ({@code OperationAlgebra.LONG}/{@code SHORT}). */
    static final int LONG = 32;

    static final int SHORT = 16;

    /** The cost of one piece-tree step, in walk components (measured: 25–55 µs ≈ 250–1,000 components). */
    static final int TREE_STEP = 1024;

    private TransformBudget() {}

    /**
     * @param inMemory the ops applied since {@code max(base version, oldest version in memory)}
     *                 (only read when the op is long)
     * @throws ProtocolException version-out-of-range if the op would cost more than {@code budget}
     */
    static void check(
            String docId,
            long budget,
            int version,
            Submission s,
            Optional<Long> seq,
            Supplier<List<TextOperation>> inMemory) {
        long behind = (long) version - s.baseVersion();
        if (behind <= 0) {
            return;
        }
        long cost = cost(s.op().componentCount(), behind, inMemory);
        if (cost > budget) {
            throw new ProtocolException(
                    ErrorCode.VERSION_OUT_OF_RANGE,
                    "op of " + s.op().componentCount() + " components based " + behind
                            + " versions back would cost " + cost + ", over the transform budget of " + budget
                            + "; rebase it on a newer version",
                    Optional.of(docId),
                    seq);
        }
    }

    /** The estimated work of transforming an op of {@code m} components {@code behind} versions. */
    static long cost(long m, long behind, Supplier<List<TextOperation>> inMemory) {
        if (m < LONG) {
            return behind * m;
        }
        List<TextOperation> known = inMemory.get();
        long cost = (behind - known.size()) * m;
        for (TextOperation h : known) {
            int size = h.componentCount();
            cost += size <= SHORT ? Math.min(m, TREE_STEP) : m + size;
        }
        return cost;
    }
}
