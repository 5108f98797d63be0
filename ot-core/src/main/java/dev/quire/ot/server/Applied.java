package dev.quire.ot.server;

import dev.quire.ot.TextOperation;
import java.util.Objects;

/**
 * What {@link ServerDocument#submit} did: the version the operation produced and the operation as
 * it was applied (transformed against everything the client had not seen). This is what the
 * caller stores, acknowledges and broadcasts.
 *
 * @param version the document's version after the operation (the number of operations applied)
 * @param op the operation as applied to the document at {@code version - 1}
 */
public record Applied(int version, TextOperation op) {
    /**
     * Checks the operation is present and the version positive.
     *
     * @param version the document's version after the operation, at least 1
     * @param op the operation as applied
     * @throws IllegalArgumentException if version is below 1
     */
    public Applied {
        Objects.requireNonNull(op, "op");
        if (version < 1) {
            throw new IllegalArgumentException("version: expected >= 1, found " + version);
        }
    }
}
