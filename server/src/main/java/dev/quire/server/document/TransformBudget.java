package dev.quire.server.document;

import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import java.util.Optional;

/**
 * The most transform work one submitted op may cost ({@code --transform-budget}), estimated as
 * its components times the ops applied since its base version: each step of the transform walks
 * both ops, and the history's ops are small edits (typing), so the submitted op's size times
 * the steps dominates. Beyond the budget the op is refused with {@code version-out-of-range}; the
 * client rebases it on its current version (costing nothing here) and sends it again.
 */
final class TransformBudget {
    private TransformBudget() {}

    /** @throws ProtocolException version-out-of-range if the op would cost more than {@code budget} */
    static void check(String docId, long budget, int version, Submission s, Optional<Long> seq) {
        long behind = (long) version - s.baseVersion();
        long cost = behind * s.op().componentCount();
        if (behind > 0 && cost > budget) {
            throw new ProtocolException(
                    ErrorCode.VERSION_OUT_OF_RANGE,
                    "op of " + s.op().componentCount() + " components based " + behind
                            + " versions back would cost " + cost + ", over the transform budget of " + budget
                            + "; rebase it on a newer version",
                    Optional.of(docId),
                    seq);
        }
    }
}
