package dev.quire.ot.server;

import java.util.Objects;

/**
 * What {@link ServerDocument#submit(int, long, dev.quire.ot.TextOperation, InFlight,
 * java.util.function.IntToLongFunction, long, int)} did: the operation as applied, and the
 * session's operations in flight to pass to the next call for that session.
 *
 * @param applied the version produced and the operation as applied
 * @param inFlight the session's operations in flight, this one included, at the version its client had
 */
public record Placed(Applied applied, InFlight inFlight) {
    /**
     * Checks both are present.
     *
     * @param applied the version produced and the operation as applied
     * @param inFlight the session's operations in flight
     */
    public Placed {
        Objects.requireNonNull(applied, "applied");
        Objects.requireNonNull(inFlight, "inFlight");
    }
}
