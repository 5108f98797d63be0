package dev.quire.server.storage;

import dev.quire.ot.AnchoredRange;
import java.util.Objects;

/**
 * Where a comment thread or a suggestion is anchored (a {@link RangeRecord}): a range of the document as it was at {@code version}. It is
 * moved to a later version through the ops between (ot-core's {@link AnchoredRange#transform}).
 *
 * @param range the range at {@code version}
 * @param version the document version the range refers to, &gt;= 0
 */
public record Anchor(AnchoredRange range, int version) {
    /** Checks the version. */
    public Anchor {
        Objects.requireNonNull(range, "range");
        if (version < 0) {
            throw new IllegalArgumentException("version: expected >= 0, found " + version);
        }
    }
}
