package dev.quire.server.document;

import dev.quire.ot.TextOperation;
import java.util.Objects;

/**
 * One op submitted to a live document, whichever way it came: the op, the version its author had
 * when making it, and who sent it. Both transports build one and take the same path.
 *
 * @param baseVersion the document version the op was made on (>= 0)
 * @param op          the op as its author made it, before transformation
 * @param origin      who sent it
 */
public record Submission(int baseVersion, TextOperation op, Origin origin) {
    public Submission {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(origin, "origin");
        if (baseVersion < 0) {
            throw new IllegalArgumentException("baseVersion must be >= 0, was " + baseVersion);
        }
    }
}
