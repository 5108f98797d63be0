package dev.quire.server.storage;

import java.util.Optional;

/**
 * How a store is doing, for {@code /health}, {@code /ready} and the metrics. Every method is
 * cheap, never blocks for long and may be called from any thread.
 */
public interface StoreHealth {
    /** Records acknowledged (journaled) but not yet in the database. */
    long journalLag();

    /** Why the store cannot take writes right now (a full disk, say), or empty while it can. */
    Optional<String> fault();

    /** The name of an essential thread of the store that is no longer running, if one is not. */
    Optional<String> deadThread();

    /** Whether the database answers a trivial query within a second. */
    boolean answers();
}
